/* picolibc (MCUSTD_LIBC=picolibc) only: its tiny stdio leaves stdin, stdout and stderr to the
 * application. They are buffered streams over descriptors 0-2 of the VFS (the console), as
 * newlib's are. C because picolibc's FDEV_SETUP_BUFIO is a C designated initializer. */
#include <stdio-bufio.h>
#include <stdio.h>
#include <unistd.h>

static char out_buf[64];
static char in_buf[64];

static struct __file_bufio in_file =
    FDEV_SETUP_BUFIO(0, in_buf, sizeof in_buf, read, write, lseek, close, __SRD, 0);
static struct __file_bufio out_file =
    FDEV_SETUP_BUFIO(1, out_buf, sizeof out_buf, read, write, lseek, close, __SWR, __BLBF);
/* Unbuffered: a size of 0 makes every put a write. */
static struct __file_bufio err_file =
    FDEV_SETUP_BUFIO(2, NULL, 0, read, write, lseek, close, __SWR, 0);

FILE* const stdin = &in_file.xfile.cfile.file;
FILE* const stdout = &out_file.xfile.cfile.file;
FILE* const stderr = &err_file.xfile.cfile.file;
