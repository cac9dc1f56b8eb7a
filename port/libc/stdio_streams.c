/* picolibc's tiny stdio leaves stdin, stdout and stderr to the application. They are buffered
 * streams over descriptors 0-2 of the VFS (the console), each with a static recursive lock
 * (stdio_locks.cpp defines them): picolibc's bufio takes it per character, the port's stdio
 * wrappers per call. STD_STREAM is picolibc's FDEV_SETUP_BUFIO plus the lock, which that macro
 * leaves unset. C because these are C designated initializers. */
#include <stdio-bufio.h>
#include <stdio.h>
#include <unistd.h>

extern struct __lock __mcustd_stdin_lock;
extern struct __lock __mcustd_stdout_lock;
extern struct __lock __mcustd_stderr_lock;

#define STD_STREAM(_fd, _buf, _size, _rwflag, _bflags, _lock)                                 \
    {                                                                                         \
        .xfile = FDEV_SETUP_EXT(__bufio_put, __bufio_get, __bufio_flush, __bufio_close,       \
                                __bufio_seek, __bufio_setvbuf, (_rwflag) | __SBUF),           \
        .fd = (_fd), .dir = 0, .bflags = (_bflags), .pos = 0, .buf = (_buf), .size = (_size), \
        .len = 0, .off = 0, .read = read, .write = write, .lseek = lseek, .close = close,     \
        .lock = (_lock),                                                                      \
    }

static char out_buf[64];
static char in_buf[64];
static char err_buf[1];

static struct __file_bufio in_file =
    STD_STREAM(0, in_buf, sizeof in_buf, __SRD, 0, &__mcustd_stdin_lock);
static struct __file_bufio out_file =
    STD_STREAM(1, out_buf, sizeof out_buf, __SWR, __BLBF, &__mcustd_stdout_lock);
/* Unbuffered: a one-byte buffer makes every put a write (as setvbuf's _IONBF does; a NULL
 * buffer would be written at address 0). */
static struct __file_bufio err_file =
    STD_STREAM(2, err_buf, sizeof err_buf, __SWR, 0, &__mcustd_stderr_lock);

FILE* const stdin = &in_file.xfile.cfile.file;
FILE* const stdout = &out_file.xfile.cfile.file;
FILE* const stderr = &err_file.xfile.cfile.file;
