/* Minimal system calls for the kernel and POSIX test images only (the firmware links the real
 * ones from port/libc): picolibc's POSIX names, and the standard streams picolibc leaves to the
 * application, unbuffered, straight to the console. C: this is the C library's boundary. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "board/board.h"

void _exit(int code) {
    board_exit(code);
}

ssize_t write(int fd, const void* buf, size_t len) {
    (void)fd;
    board_console_write(buf, len);
    return (ssize_t)len;
}

void* sbrk(ptrdiff_t incr) {
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

ssize_t read(int fd, void* buf, size_t len) {
    (void)fd;
    return (ssize_t)board_console_read(buf, len);
}

int close(int fd) {
    (void)fd;
    return -1;
}

int fstat(int fd, struct stat* st) {
    (void)fd;
    st->st_mode = S_IFCHR;
    return 0;
}

int isatty(int fd) {
    (void)fd;
    return 1;
}

off_t lseek(int fd, off_t off, int whence) {
    (void)fd;
    (void)off;
    (void)whence;
    return 0;
}

int kill(pid_t pid, int sig) {
    (void)pid;
    (void)sig;
    errno = EINVAL;
    return -1;
}

pid_t getpid(void) {
    return 1;
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
