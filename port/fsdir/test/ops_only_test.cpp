// An image that uses std::filesystem operations the prebuilt fs_ops.o implements with directory
// iterators (is_empty, remove_all) but never names an iterator itself: fs_ops.o is then pulled
// from libstdc++.a after the port's archive was scanned, the case where the stub would win
// without the link's --wrap (port/fsdir/CMakeLists.txt). The stub reads every directory as empty.
#include <cstdint>
#include <filesystem>
#include <system_error>

#include "check.hpp"
#include "mcustd/rom_mount.hpp"

namespace fs = std::filesystem;

int main() {
    CHECK(mcustd::rom::mount() == 0);
    std::error_code ec;
    CHECK(!fs::is_empty("/rom/static", ec) && !ec);
    CHECK(!fs::is_empty("/rom", ec) && !ec);
    CHECK(fs::is_empty("/rom/nope", ec) == false && ec == std::errc::no_such_file_or_directory);
    CHECK(fs::remove_all("/rom/static", ec) == static_cast<std::uintmax_t>(-1) &&
          ec == std::errc::read_only_file_system);
    return mcustd::test::finish("fsdir_ops_only");
}
