// last_write_time(path, file_time_type, error_code&), replacing the prebuilt libstdc++.a's own:
// that library was configured without utimensat and without utime (c++config.h), so its setter
// only ever answers function_not_supported. port/fsdir/CMakeLists.txt links this into the mended
// copy of fs_ops.o, beside ops/symlink_ops.cpp; the throwing overload is replaced too (the
// prebuilt one has the failing body inlined). The access time is left alone (UTIME_OMIT): the
// standard's wording asks for the write time only.
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <system_error>

namespace std::filesystem {

void last_write_time(const path& p, file_time_type new_time, error_code& ec) noexcept {
    using std::chrono::nanoseconds;
    // file_clock and system_clock differ by a constant: the system time of file_clock's epoch.
    const auto epoch = std::chrono::file_clock::to_sys(file_time_type{}).time_since_epoch();
    std::int64_t since_1970 = 0;
    if (__builtin_add_overflow(new_time.time_since_epoch().count(),
                               std::chrono::duration_cast<nanoseconds>(epoch).count(),
                               &since_1970)) {
        ec = make_error_code(errc::value_too_large);
        return;
    }
    constexpr std::int64_t kNsPerS = 1000000000;
    struct timespec times[2] = {
        {0, UTIME_OMIT},
        {static_cast<time_t>(since_1970 / kNsPerS), static_cast<long>(since_1970 % kNsPerS)}};
    if (times[1].tv_nsec < 0) {  // floor, not truncate: tv_nsec must be in [0, 1e9)
        times[1].tv_nsec += kNsPerS;
        --times[1].tv_sec;
    }
    if (::utimensat(AT_FDCWD, p.c_str(), times, 0) != 0) {
        ec.assign(errno, std::generic_category());
        return;
    }
    ec.clear();
}

void last_write_time(const path& p, file_time_type new_time) {
    error_code ec;
    last_write_time(p, new_time, ec);
    if (ec) {
        throw filesystem_error("cannot set file time", p, ec);
    }
}

}  // namespace std::filesystem
