// Whole-call stream locking for picolibc's tiny stdio. picolibc locks a buffered stream around
// each character (__bufio_put/__bufio_get), so two threads' printf lines interleave character by
// character. Every reference to the functions in MCUSTD_STDIO_WRAPPED (CMakeLists.txt), from our
// code, libstdc++.a and libc.a's other members, reaches the __wrap_<name> here, which holds the
// stream's lock (recursive: picolibc takes it again per character) around __real_<name>. The
// lock is the one in picolibc's own struct __file_bufio, so flockfile() excludes the same
// callers. Streams that are not buffered FILEs (snprintf's string, fmemopen) have no lock: they
// are one thread's; so has a stream whose lock fopen could not allocate (locks.cpp: out of heap).
// printf/fprintf/vprintf/perror and the scanf family call vfprintf/vfscanf.
#include <stdio-bufio.h>
#include <stdio.h>
#include <sys/types.h>

#include <cstdarg>
#include <cstddef>

#include "lock.hpp"

extern "C" {
// The standard streams' locks (stdio_streams.c sets them in its FILE structures).
struct __lock __mcustd_stdin_lock = MCUSTD_STATIC_LOCK;
struct __lock __mcustd_stdout_lock = MCUSTD_STATIC_LOCK;
struct __lock __mcustd_stderr_lock = MCUSTD_STATIC_LOCK;
}

namespace {

_LOCK_T lock_of(FILE* f) {
    if (f == nullptr || (f->flags & __SBUF) == 0) {
        return nullptr;
    }
    return reinterpret_cast<struct __file_bufio*>(f)->lock;
}

class StreamLock {
  public:
    explicit StreamLock(FILE* f) : lock_(lock_of(f)) {
        if (lock_ != nullptr) {
            __retarget_lock_acquire_recursive(lock_);
        }
    }
    ~StreamLock() {
        if (lock_ != nullptr) {
            __retarget_lock_release_recursive(lock_);
        }
    }
    StreamLock(const StreamLock&) = delete;
    StreamLock& operator=(const StreamLock&) = delete;

  private:
    _LOCK_T lock_;
};

}  // namespace

extern "C" {

// POSIX's explicit stream locking (picolibc 1.8 has none): a thread groups several calls.
void flockfile(FILE* f) {
    if (_LOCK_T l = lock_of(f)) {
        __retarget_lock_acquire_recursive(l);
    }
}
int ftrylockfile(FILE* f) {
    _LOCK_T l = lock_of(f);
    return l == nullptr || __retarget_lock_try_acquire_recursive(l) != 0 ? 0 : -1;
}
void funlockfile(FILE* f) {
    if (_LOCK_T l = lock_of(f)) {
        __retarget_lock_release_recursive(l);
    }
}

int __real_vfprintf(FILE* f, const char* fmt, va_list ap);
int __real_vfscanf(FILE* f, const char* fmt, va_list ap);
int __real_puts(const char* s);
int __real_fputs(const char* s, FILE* f);
size_t __real_fwrite(const void* p, size_t size, size_t n, FILE* f);
int __real_fputc(int c, FILE* f);
int __real_putc(int c, FILE* f);
char* __real_fgets(char* s, int n, FILE* f);
int __real_fgetc(FILE* f);
int __real_getc(FILE* f);
size_t __real_fread(void* p, size_t size, size_t n, FILE* f);
int __real_ungetc(int c, FILE* f);
int __real_fflush(FILE* f);
int __real_fseek(FILE* f, long off, int whence);
int __real_fseeko(FILE* f, off_t off, int whence);
long __real_ftell(FILE* f);
off_t __real_ftello(FILE* f);
int __real_setvbuf(FILE* f, char* buf, int mode, size_t size);

int __wrap_vfprintf(FILE* f, const char* fmt, va_list ap) {
    const StreamLock lock(f);
    return __real_vfprintf(f, fmt, ap);
}
int __wrap_vfscanf(FILE* f, const char* fmt, va_list ap) {
    const StreamLock lock(f);
    return __real_vfscanf(f, fmt, ap);
}
int __wrap_puts(const char* s) {
    const StreamLock lock(stdout);
    return __real_puts(s);
}
int __wrap_fputs(const char* s, FILE* f) {
    const StreamLock lock(f);
    return __real_fputs(s, f);
}
size_t __wrap_fwrite(const void* p, size_t size, size_t n, FILE* f) {
    const StreamLock lock(f);
    return __real_fwrite(p, size, n, f);
}
int __wrap_fputc(int c, FILE* f) {
    const StreamLock lock(f);
    return __real_fputc(c, f);
}
int __wrap_putc(int c, FILE* f) {
    const StreamLock lock(f);
    return __real_putc(c, f);
}
char* __wrap_fgets(char* s, int n, FILE* f) {
    const StreamLock lock(f);
    return __real_fgets(s, n, f);
}
int __wrap_fgetc(FILE* f) {
    const StreamLock lock(f);
    return __real_fgetc(f);
}
int __wrap_getc(FILE* f) {
    const StreamLock lock(f);
    return __real_getc(f);
}
size_t __wrap_fread(void* p, size_t size, size_t n, FILE* f) {
    const StreamLock lock(f);
    return __real_fread(p, size, n, f);
}
int __wrap_ungetc(int c, FILE* f) {
    const StreamLock lock(f);
    return __real_ungetc(c, f);
}
// picolibc's fflush(NULL) dereferences the null pointer (it keeps no list of open streams):
// here it flushes the standard output streams, the ones a program shares.
int __wrap_fflush(FILE* f) {
    if (f == nullptr) {
        const int out = __wrap_fflush(stdout);
        const int err = __wrap_fflush(stderr);
        return out != 0 ? out : err;
    }
    const StreamLock lock(f);
    return __real_fflush(f);
}
int __wrap_fseek(FILE* f, long off, int whence) {
    const StreamLock lock(f);
    return __real_fseek(f, off, whence);
}
int __wrap_fseeko(FILE* f, off_t off, int whence) {
    const StreamLock lock(f);
    return __real_fseeko(f, off, whence);
}
long __wrap_ftell(FILE* f) {
    const StreamLock lock(f);
    return __real_ftell(f);
}
off_t __wrap_ftello(FILE* f) {
    const StreamLock lock(f);
    return __real_ftello(f);
}
int __wrap_setvbuf(FILE* f, char* buf, int mode, size_t size) {
    const StreamLock lock(f);
    return __real_setvbuf(f, buf, mode, size);
}

}  // extern "C"
