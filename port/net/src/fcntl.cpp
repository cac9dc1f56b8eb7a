// fcntl() for the MCU. picolibc's libc.a has none, and lib/net's fcntl(F_SETFL, O_NONBLOCK) needs
// one. Alone in its object file: if port/libc ever defines fcntl() itself, the linker simply
// never pulls this member (no duplicate symbol).
#include <fcntl.h>

#include <cerrno>
#include <cstdarg>

#include "mcustd/vfs.hpp"

extern "C" int fcntl(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    const int arg = va_arg(ap, int);  // F_GETFL ignores it; every command we support takes int
    va_end(ap);
    const int rc = mcustd::vfs::fcntl(fd, cmd, arg);
    if (rc < 0) {
        errno = -rc;
        return -1;
    }
    return rc;
}
