/* mcustd POSIX port: the C library's stdio.h, plus POSIX's explicit stream locking, which
 * picolibc 1.8 does not declare although this port provides it
 * (port/libc/stdio_locks.cpp). */
#include_next <stdio.h>

#ifndef _MCUSTD_STDIO_H
#define _MCUSTD_STDIO_H
#ifdef __PICOLIBC__
#ifdef __cplusplus
extern "C" {
#endif
void flockfile(FILE* __stream);
int ftrylockfile(FILE* __stream);
void funlockfile(FILE* __stream);
#ifdef __cplusplus
}
#endif
#endif
#endif
