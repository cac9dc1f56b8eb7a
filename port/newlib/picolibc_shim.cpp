// picolibc (MCUSTD_LIBC=picolibc) only: it calls the POSIX names (read, write, sbrk, ...) where
// newlib calls _read, _write, _sbrk; they forward to syscalls.cpp's. Its locks are retargetable
// (libc.a calls __retarget_lock_*): kernel mutexes, recursive for the libc-wide one (malloc).
#include <fcntl.h>
#include <sys/lock.h>
#include <sys/stat.h>
#include <sys/times.h>
#include <sys/types.h>

#include <cstdarg>
#include <cstddef>
#include <cstdlib>

#include "kernel/kernel.h"
#include "picolibc_lock.hpp"

// ---- retargetable locks (sys/lock.h declares the libc-wide one with C++ linkage) ----
struct __lock __lock___libc_recursive_mutex = MCUSTD_STATIC_LOCK;

extern "C" {
int _write(int fd, const void* buf, size_t n);
int _read(int fd, void* buf, size_t n);
int _close(int fd);
int _lseek(int fd, int offset, int whence);
int _fstat(int fd, struct stat* st);
int _stat(const char* path, struct stat* st);
int _isatty(int fd);
int _unlink(const char* path);
int _link(const char* from, const char* to);
int _getpid(void);
int _kill(int pid, int sig);
clock_t _times(struct tms* t);
void* _sbrk(ptrdiff_t increment);
int _open(const char* path, int flags, ...);

ssize_t write(int fd, const void* buf, size_t n) {
    return _write(fd, buf, n);
}
ssize_t read(int fd, void* buf, size_t n) {
    return _read(fd, buf, n);
}
int close(int fd) {
    return _close(fd);
}
off_t lseek(int fd, off_t offset, int whence) {
    return _lseek(fd, static_cast<int>(offset), whence);
}
int fstat(int fd, struct stat* st) {
    return _fstat(fd, st);
}
int stat(const char* __restrict path, struct stat* __restrict st) {
    return _stat(path, st);
}
int isatty(int fd) {
    return _isatty(fd);
}
int unlink(const char* path) {
    return _unlink(path);
}
int link(const char* from, const char* to) {
    return _link(from, to);
}
pid_t getpid(void) {
    return _getpid();
}
int kill(pid_t pid, int sig) {
    return _kill(pid, sig);
}
clock_t times(struct tms* t) {
    return _times(t);
}
void* sbrk(ptrdiff_t increment) {
    return _sbrk(increment);
}
int gettimeofday(struct timeval* tv, void* tz);
int _gettimeofday(struct timeval* tv, void* tz);
int gettimeofday(struct timeval* tv, void* tz) {
    return _gettimeofday(tv, tz);
}
int open(const char* path, int flags, ...) {
    mode_t mode = 0;
    if ((flags & O_CREAT) != 0) {  // the third argument exists only then
        va_list ap;
        va_start(ap, flags);
        mode = static_cast<mode_t>(va_arg(ap, int));
        va_end(ap);
    }
    return _open(path, flags, mode);
}

static bool can_block() {
    return k_started() != 0 && k_in_isr() == 0;
}
void __retarget_lock_acquire_recursive(_LOCK_T lock) {
    if (lock && can_block())
        (void)k_mutex_lock(&lock->m, K_FOREVER);
}
void __retarget_lock_release_recursive(_LOCK_T lock) {
    if (lock && can_block())
        (void)k_mutex_unlock(&lock->m);
}
// libc.a defines all of these in one member: ours must be complete, or that member is pulled
// in and collides. Locks made at run time (fopen's streams) come from the heap.
void __retarget_lock_init_recursive(_LOCK_T* lock) {
    auto* l = static_cast<struct __lock*>(calloc(1, sizeof(struct __lock)));
    if (l) {
        l->m.type = K_MUTEX_RECURSIVE;
        l->heap = true;
    }
    *lock = l;
}
void __retarget_lock_init(_LOCK_T* lock) {
    __retarget_lock_init_recursive(lock);
}
void __retarget_lock_close_recursive(_LOCK_T lock) {
    if (lock && lock->heap)
        free(lock);
}
void __retarget_lock_close(_LOCK_T lock) {
    __retarget_lock_close_recursive(lock);
}
int __retarget_lock_try_acquire_recursive(_LOCK_T lock) {
    return !lock || !can_block() || k_mutex_trylock(&lock->m) == 0;
}
int __retarget_lock_try_acquire(_LOCK_T lock) {
    return __retarget_lock_try_acquire_recursive(lock);
}
void __retarget_lock_acquire(_LOCK_T lock) {
    __retarget_lock_acquire_recursive(lock);
}
void __retarget_lock_release(_LOCK_T lock) {
    __retarget_lock_release_recursive(lock);
}
}  // extern "C"
