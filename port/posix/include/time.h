/* mcustd POSIX port: picolibc's time.h plus the POSIX clocks, which picolibc declares only when
 * _POSIX_TIMERS / _POSIX_MONOTONIC_CLOCK are set (never for bare metal). Declaring them here
 * keeps those feature macros untouched for the rest of picolibc. */
#include_next <time.h>

#ifndef _MCUSTD_TIME_H
#define _MCUSTD_TIME_H

#ifndef CLOCK_REALTIME
#define CLOCK_REALTIME ((clockid_t)1)
#endif
#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC ((clockid_t)4)
#endif

#ifndef _POSIX_TIMERS
#ifdef __cplusplus
extern "C" {
#endif
int clock_gettime(clockid_t clock_id, struct timespec* tp);
int clock_settime(clockid_t clock_id, const struct timespec* tp);
int clock_getres(clockid_t clock_id, struct timespec* res);
int nanosleep(const struct timespec* rqtp, struct timespec* rmtp);
#ifdef __cplusplus
}
#endif
#endif

#endif /* _MCUSTD_TIME_H */
