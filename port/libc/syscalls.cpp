// The system calls picolibc's libc.a leaves undefined (POSIX names), routed to the VFS and the
// board. C linkage because libc.a calls them; each is small and turns the VFS's -errno into errno.
#include <board/board.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdint>

#include "mcustd/vfs.hpp"

namespace vfs = mcustd::vfs;

namespace {

// errno is per thread: picolibc's is a thread_local, in the TLS block every thread has.
int fail(long rc) {
    errno = static_cast<int>(-rc);
    return -1;
}

template <typename T>
T checked(T rc) {
    return rc < 0 ? static_cast<T>(fail(rc)) : rc;
}

}  // namespace

extern "C" {

ssize_t write(int fd, const void* buf, size_t n) {
    return static_cast<ssize_t>(checked(vfs::write(fd, buf, n)));
}

ssize_t read(int fd, void* buf, size_t n) {
    return static_cast<ssize_t>(checked(vfs::read(fd, buf, n)));
}

// POSIX pread: libc.a has no implementation for this target.
ssize_t pread(int fd, void* buf, size_t n, off_t offset) {
    return static_cast<ssize_t>(checked(vfs::pread(fd, buf, n, offset)));
}

int open(const char* path, int flags, ...) {
    mode_t mode = 0;
    if ((flags & O_CREAT) != 0) {  // the third argument exists only then
        va_list ap;
        va_start(ap, flags);
        mode = static_cast<mode_t>(va_arg(ap, int));
        va_end(ap);
    }
    return checked(vfs::open(path, flags, mode));
}

int close(int fd) {
    return checked(vfs::close(fd));
}

off_t lseek(int fd, off_t offset, int whence) {
    return static_cast<off_t>(checked(vfs::lseek(fd, offset, whence)));
}

int fstat(int fd, struct stat* st) {
    return checked(vfs::fstat(fd, *st));
}

int stat(const char* __restrict path, struct stat* __restrict st) {
    return checked(vfs::stat(path, *st));
}

int isatty(int fd) {
    const int rc = vfs::isatty(fd);
    if (rc < 0) {
        errno = -rc;
        return 0;
    }
    return 1;
}

int unlink(const char* path) {
    return checked(vfs::unlink(path));
}
int link(const char* from, const char* to) {
    return checked(vfs::link(from, to));
}
// One user: the program runs as root (uid and gid 0), so there are no permission checks to fail
// (port/ramfs stores modes but does not enforce them). libc.a has no definitions of these, and
// picolibc's <unistd.h> declares them; std::filesystem's test fixtures ask geteuid() whether
// permissions are testable.
uid_t getuid(void) {
    return 0;
}
uid_t geteuid(void) {
    return 0;
}
gid_t getgid(void) {
    return 0;
}
gid_t getegid(void) {
    return 0;
}

// No processes: one "process" whose only signal is a fatal one.
pid_t getpid(void) {
    return 1;
}
int kill(pid_t pid, int sig) {
    if (pid == 1) {
        board_console_puts("\r\n[killed by signal ");
        board_console_put_dec(static_cast<uint64_t>(sig));
        board_console_puts("]\r\n");
        board_exit(128 + sig);
    }
    errno = ESRCH;
    return -1;
}

__attribute__((noreturn)) void _exit(int code) {
    board_exit(code);
}

// Wall-clock time: CLOCK_REALTIME from the POSIX layer (monotonic time plus a settable offset).
int gettimeofday(struct timeval* __restrict tv, void* __restrict /*tz*/) {
    timespec ts{};
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
        return -1;
    }
    if (tv != nullptr) {
        tv->tv_sec = ts.tv_sec;
        tv->tv_usec = ts.tv_nsec / 1000;
    }
    return 0;
}

clock_t times(struct tms* t) {
    timespec ts{};
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    const auto ticks = static_cast<clock_t>(ts.tv_sec * CLOCKS_PER_SEC +
                                            ts.tv_nsec / (1000000000 / CLOCKS_PER_SEC));
    if (t != nullptr) {
        *t = tms{ticks, 0, 0, 0};
    }
    return ticks;
}

// The heap grows from the end of .bss up to the linker's limit and never past it: malloc gets
// ENOMEM (and operator new throws std::bad_alloc) instead of silently overrunning the stacks.
// Only malloc calls it, under the libc-wide lock (locks.cpp), so the break needs no lock of its
// own.
void* sbrk(ptrdiff_t increment) {
    static char* brk = nullptr;
    if (brk == nullptr) {
        brk = static_cast<char*>(board_heap_start());
    }
    char* const start = static_cast<char*>(board_heap_start());
    char* const limit = static_cast<char*>(board_heap_end());
    if ((increment > 0 && increment > limit - brk) || (increment < 0 && -increment > brk - start)) {
        errno = ENOMEM;
        return reinterpret_cast<void*>(-1);  // NOLINT: sbrk's documented failure value
    }
    char* const old = brk;
    brk += increment;
    return old;
}

}  // extern "C"
