// space(path, error_code&), replacing the prebuilt libstdc++.a's own: that library was
// configured without <sys/statvfs.h> (newlib has none), so its space() only ever reports an
// error. The port's statvfs() (port/libc/fs_calls.cpp) gives each file system's capacity and
// free bytes; port/fsdir/CMakeLists.txt links this into the mended copy of fs_ops.o. The
// throwing overload is replaced too: the prebuilt one has the failing body inlined.
#include <sys/statvfs.h>

#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <system_error>

namespace std::filesystem {

space_info space(const path& p, error_code& ec) noexcept {
    constexpr auto kUnknown = static_cast<std::uintmax_t>(-1);  // what the standard says on error
    struct statvfs st {};
    if (::statvfs(p.c_str(), &st) != 0) {
        ec.assign(errno, std::generic_category());
        return {kUnknown, kUnknown, kUnknown};
    }
    ec.clear();
    const std::uintmax_t unit = st.f_frsize;
    return {st.f_blocks * unit, st.f_bfree * unit, st.f_bavail * unit};
}

space_info space(const path& p) {
    error_code ec;
    const space_info s = space(p, ec);
    if (ec) {
        throw filesystem_error("cannot get free space", p, ec);
    }
    return s;
}

}  // namespace std::filesystem
