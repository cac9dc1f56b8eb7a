// /tmp mounted before main() in an image that asks for it in CMake (mcustd_image_tmp(), which
// compiles this file once per image with that image's capacity and working directory), so a
// program brought from Linux finds a writable /tmp without a line of port code in its main().
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "mcustd/ram_fs.hpp"

#ifndef MCUSTD_TMP_CAPACITY
#error "MCUSTD_TMP_CAPACITY: compile this file through mcustd_image_tmp() (port/ramfs)"
#endif

namespace {

// Priority 200: the board's linker script runs .init_array.NNNNN before every unprioritised
// static constructor, so the program's own constructors may already use /tmp. The console is
// bound earlier still (.preinit_array), so a failure can be reported; the image then runs on,
// without /tmp, as it would on a system whose mount failed.
[[gnu::constructor(200)]] void mount_tmp_at_boot() {
    if (const int rc = mcustd::ramfs::mount_tmp(MCUSTD_TMP_CAPACITY); rc != 0) {
        std::fprintf(stderr, "mount /tmp: %s\n", std::strerror(-rc));
        return;
    }
#ifdef MCUSTD_TMP_WORKDIR
    // A relative path then names a file on the writable file system, as in a program started
    // from a scratch directory (the default working directory is the read-only "/").
    if (::chdir(MCUSTD_TMP_WORKDIR) != 0) {
        std::fprintf(stderr, "chdir %s: %s\n", MCUSTD_TMP_WORKDIR, std::strerror(errno));
    }
#endif
}

}  // namespace
