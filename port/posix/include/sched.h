/* mcustd POSIX port: sched.h (replaces picolibc's, whose declarations depend on
 * _POSIX_PRIORITY_SCHEDULING, which picolibc leaves undefined for bare metal). */
#ifndef _MCUSTD_SCHED_H
#define _MCUSTD_SCHED_H

#include <sys/sched.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Priorities 1 (lowest) .. 31 (highest); every policy is priority-preemptive with round-robin
 * among equal priorities. */
int sched_yield(void);
int sched_get_priority_min(int policy);
int sched_get_priority_max(int policy);

#ifdef __cplusplus
}
#endif

#endif /* _MCUSTD_SCHED_H */
