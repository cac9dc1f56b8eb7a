/* mcustd POSIX port: the pthread types. Replaces newlib's sys/_pthreadtypes.h (which
 * sys/types.h includes), so that these are the only pthread types in the program: newlib's own
 * (32-bit handles with 0xFFFFFFFF initialisers) would clash. Every object is statically
 * initialisable and all-zero means "default, unlocked/empty". The mutex, cond and semaphore
 * layouts mirror the kernel's k_mutex / k_cond / k_sem; port/posix checks that at compile time. */
#ifndef _SYS__PTHREADTYPES_H_
#define _SYS__PTHREADTYPES_H_

#include <sys/sched.h>

struct __mcustd_pthread;
typedef struct __mcustd_pthread* pthread_t;

typedef struct {
    __SIZE_TYPE__ stacksize; /* 0: PTHREAD_STACK_DEFAULT */
    void* stackaddr;         /* caller-provided stack, or NULL */
    int detachstate;
    int is_initialized;
    struct sched_param schedparam; /* 0: inherit the default priority */
} pthread_attr_t;

typedef struct {
    void* __owner;
    void* __waiters;
    void* __next_held;
    unsigned short __count;
    unsigned char __type;
    unsigned char __reserved;
} pthread_mutex_t;

typedef struct {
    int type;
    int protocol;
    int is_initialized;
} pthread_mutexattr_t;

typedef struct {
    void* __waiters;
    int __clock; /* 0: CLOCK_REALTIME, else the clockid set by pthread_condattr_setclock */
} pthread_cond_t;

typedef struct {
    int clock;
    int is_initialized;
} pthread_condattr_t;

/* A read-write lock: a short-held mutex guarding the state and two queues (port/posix/src/
 * rwlock.cpp). All-zero is an unlocked lock. */
typedef struct {
    pthread_mutex_t __lock;
    pthread_cond_t __readers; /* waiting for the writer to leave */
    pthread_cond_t __writers; /* waiting for every holder to leave */
    void* __writer;           /* the holding k_thread, or NULL */
    unsigned int __nreaders;  /* read holds (one thread may hold several) */
    unsigned int __nwriters_waiting;
} pthread_rwlock_t;

typedef struct {
    int is_initialized;
} pthread_rwlockattr_t;

typedef unsigned int pthread_key_t;

typedef struct {
    volatile int __state; /* 0 not run, 1 running, 2 done */
} pthread_once_t;

#endif /* _SYS__PTHREADTYPES_H_ */
