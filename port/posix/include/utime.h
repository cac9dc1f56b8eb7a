/* mcustd POSIX port: picolibc's utime.h has struct utimbuf but no utime(); this port provides it
 * (port/libc/fs_calls.cpp). */
#include_next <utime.h>

#ifndef _MCUSTD_UTIME_H
#define _MCUSTD_UTIME_H
#ifdef __cplusplus
extern "C" {
#endif
int utime(const char* __path, const struct utimbuf* __times);
#ifdef __cplusplus
}
#endif
#endif
