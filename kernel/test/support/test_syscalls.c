/* Minimal newlib system calls for the kernel and POSIX test images only (the firmware links the
 * real ones from port/newlib). C: this is newlib's syscall boundary. */
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>

#include "board/board.h"

void _exit(int code) {
    board_exit(code);
}

int _write(int fd, const char* buf, int len) {
    (void)fd;
    board_console_write(buf, (size_t)len);
    return len;
}

void* _sbrk(intptr_t incr) {
    static char* brk;
    if (!brk)
        brk = board_heap_start();
    if (brk + incr > (char*)board_heap_end() || brk + incr < (char*)board_heap_start()) {
        errno = ENOMEM;
        return (void*)-1;
    }
    char* old = brk;
    brk += incr;
    return old;
}

int _read(int fd, char* buf, int len) {
    (void)fd;
    return (int)board_console_read(buf, (size_t)len);
}

int _close(int fd) {
    (void)fd;
    return -1;
}

int _fstat(int fd, struct stat* st) {
    (void)fd;
    st->st_mode = S_IFCHR;
    return 0;
}

int _isatty(int fd) {
    (void)fd;
    return 1;
}

int _lseek(int fd, int off, int whence) {
    (void)fd;
    (void)off;
    (void)whence;
    return 0;
}

int _kill(int pid, int sig) {
    (void)pid;
    (void)sig;
    errno = EINVAL;
    return -1;
}

int _getpid(void) {
    return 1;
}

#ifdef __PICOLIBC__
/* picolibc (MCUSTD_LIBC=picolibc) calls the POSIX names and leaves the standard streams to the
 * application: unbuffered, straight to the console. */
#include <stdio.h>

int getpid(void) {
    return _getpid();
}

int kill(int pid, int sig) {
    return _kill(pid, sig);
}

void* sbrk(intptr_t incr) {
    return _sbrk(incr);
}

static int console_put(char c, FILE* f) {
    (void)f;
    board_console_write(&c, 1);
    return (unsigned char)c;
}

static int console_get(FILE* f) {
    (void)f;
    char c;
    return board_console_read(&c, 1) == 1 ? (unsigned char)c : EOF;
}

static FILE console = FDEV_SETUP_STREAM(console_put, console_get, NULL, _FDEV_SETUP_RW);
FILE* const stdin = &console;
FILE* const stdout = &console;
FILE* const stderr = &console;
#endif
