/* mcustd POSIX port: picolibc's sys/stat.h, plus what it shows only to Cygwin/RTEMS although this
 * port provides it: lstat() (port/libc/fs_calls.cpp) and the utimensat/futimens special
 * tv_nsec values (Linux's numbers, so code and data moved from Linux keep their meaning). */
#include_next <sys/stat.h>

#ifndef _MCUSTD_SYS_STAT_H
#define _MCUSTD_SYS_STAT_H
#ifndef UTIME_NOW
#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#endif
#ifdef __cplusplus
extern "C" {
#endif
int lstat(const char* __restrict __path, struct stat* __restrict __buf);
#ifdef __cplusplus
}
#endif
#endif
