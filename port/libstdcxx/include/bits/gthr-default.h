/* libstdc++'s thread layer ("gthreads") for the MCU, mapped onto our POSIX subset (port/posix).
 *
 * Debian's arm-none-eabi libstdc++ was configured with thread model "single", so its own
 * gthr-default.h makes every lock a no-op and hides std::thread. This header sits in an -isystem
 * directory searched before the toolchain's, and mcustd_platform defines _GLIBCXX_HAS_GTHREADS:
 * <thread>, <mutex>, <condition_variable>, <shared_mutex> and <future> then compile against the
 * functions below. What the prebuilt library lacks as a consequence is defined in
 * port/libstdcxx/*.cpp.
 *
 * Every object has a static initialiser, so std::mutex stays constexpr-constructible and global
 * mutexes work before (and during) static construction. Before the kernel starts there is one
 * thread: __gthread_active_p() is then 0 and libstdc++ skips locking altogether.
 *
 * C-compatible because gcc's own C sources may include it; reserved names as gthr.h requires. */
#ifndef MCUSTD_GTHR_DEFAULT_H
#define MCUSTD_GTHR_DEFAULT_H

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>

#define __GTHREADS 1
#define __GTHREADS_CXX0X 1

typedef pthread_t __gthread_t;
typedef pthread_key_t __gthread_key_t;
typedef pthread_mutex_t __gthread_mutex_t;
typedef pthread_mutex_t __gthread_recursive_mutex_t;
typedef pthread_cond_t __gthread_cond_t;
typedef struct timespec __gthread_time_t;
/* std::once_flag's state: ours (see __gthread_once), 0 = not run, 1 = running, 2 = done. */
typedef int __gthread_once_t;

#define __GTHREAD_HAS_COND 1
#define __GTHREAD_MUTEX_INIT PTHREAD_MUTEX_INITIALIZER
#define __GTHREAD_MUTEX_INIT_FUNCTION __gthread_mutex_init_function
#define __GTHREAD_COND_INIT PTHREAD_COND_INITIALIZER
#define __GTHREAD_COND_INIT_FUNCTION __gthread_cond_init_function
#define __GTHREAD_ONCE_INIT 0
#ifdef PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP
#define __GTHREAD_RECURSIVE_MUTEX_INIT PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP
#else
#define __GTHREAD_RECURSIVE_MUTEX_INIT_FUNCTION __gthread_recursive_mutex_init_function
#endif
#define __GTHREAD_TIME_INIT \
    { 0, 0 }

#ifdef __cplusplus
extern "C" {
#endif

/* Defined in port/libstdcxx: 1 once the scheduler runs. */
int __mcustd_gthread_active(void);
/* Exception-safe once: if func throws, the flag returns to "not run" and a waiter retries. */
int __mcustd_gthread_once(__gthread_once_t* once, void (*func)(void));

static inline int __gthread_active_p(void) {
    return __mcustd_gthread_active();
}

static inline int __gthread_create(__gthread_t* thread, void* (*func)(void*), void* args) {
    return pthread_create(thread, 0, func, args);
}
static inline int __gthread_join(__gthread_t thread, void** value_ptr) {
    return pthread_join(thread, value_ptr);
}
static inline int __gthread_detach(__gthread_t thread) {
    return pthread_detach(thread);
}
static inline int __gthread_equal(__gthread_t t1, __gthread_t t2) {
    return pthread_equal(t1, t2);
}
static inline __gthread_t __gthread_self(void) {
    return pthread_self();
}
static inline int __gthread_yield(void) {
    return sched_yield();
}

static inline int __gthread_once(__gthread_once_t* once, void (*func)(void)) {
    return __mcustd_gthread_once(once, func);
}

static inline int __gthread_key_create(__gthread_key_t* key, void (*dtor)(void*)) {
    return pthread_key_create(key, dtor);
}
static inline int __gthread_key_delete(__gthread_key_t key) {
    return pthread_key_delete(key);
}
static inline void* __gthread_getspecific(__gthread_key_t key) {
    return pthread_getspecific(key);
}
static inline int __gthread_setspecific(__gthread_key_t key, const void* ptr) {
    return pthread_setspecific(key, ptr);
}

static inline void __gthread_mutex_init_function(__gthread_mutex_t* mutex) {
    pthread_mutex_init(mutex, 0);
}
static inline int __gthread_mutex_destroy(__gthread_mutex_t* mutex) {
    return pthread_mutex_destroy(mutex);
}
static inline int __gthread_mutex_lock(__gthread_mutex_t* mutex) {
    return __gthread_active_p() ? pthread_mutex_lock(mutex) : 0;
}
static inline int __gthread_mutex_trylock(__gthread_mutex_t* mutex) {
    return __gthread_active_p() ? pthread_mutex_trylock(mutex) : 0;
}
static inline int __gthread_mutex_timedlock(__gthread_mutex_t* mutex,
                                            const __gthread_time_t* abs_timeout) {
    return __gthread_active_p() ? pthread_mutex_timedlock(mutex, abs_timeout) : 0;
}
static inline int __gthread_mutex_unlock(__gthread_mutex_t* mutex) {
    return __gthread_active_p() ? pthread_mutex_unlock(mutex) : 0;
}

static inline int __gthread_recursive_mutex_init_function(__gthread_recursive_mutex_t* mutex) {
    pthread_mutexattr_t attr;
    int rc = pthread_mutexattr_init(&attr);
    if (rc == 0) {
        rc = pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    }
    if (rc == 0) {
        rc = pthread_mutex_init(mutex, &attr);
    }
    pthread_mutexattr_destroy(&attr);
    return rc;
}
static inline int __gthread_recursive_mutex_lock(__gthread_recursive_mutex_t* mutex) {
    return __gthread_mutex_lock(mutex);
}
static inline int __gthread_recursive_mutex_trylock(__gthread_recursive_mutex_t* mutex) {
    return __gthread_mutex_trylock(mutex);
}
static inline int __gthread_recursive_mutex_timedlock(__gthread_recursive_mutex_t* mutex,
                                                      const __gthread_time_t* abs_timeout) {
    return __gthread_mutex_timedlock(mutex, abs_timeout);
}
static inline int __gthread_recursive_mutex_unlock(__gthread_recursive_mutex_t* mutex) {
    return __gthread_mutex_unlock(mutex);
}
static inline int __gthread_recursive_mutex_destroy(__gthread_recursive_mutex_t* mutex) {
    return pthread_mutex_destroy(mutex);
}

static inline void __gthread_cond_init_function(__gthread_cond_t* cond) {
    pthread_cond_init(cond, 0);
}
static inline int __gthread_cond_broadcast(__gthread_cond_t* cond) {
    return pthread_cond_broadcast(cond);
}
static inline int __gthread_cond_signal(__gthread_cond_t* cond) {
    return pthread_cond_signal(cond);
}
static inline int __gthread_cond_wait(__gthread_cond_t* cond, __gthread_mutex_t* mutex) {
    return pthread_cond_wait(cond, mutex);
}
/* abs_timeout is on CLOCK_REALTIME. Waits on steady_clock deadlines do not come here: with
 * _GLIBCXX_USE_PTHREAD_COND_CLOCKWAIT libstdc++ calls pthread_cond_clockwait(CLOCK_MONOTONIC). */
static inline int __gthread_cond_timedwait(__gthread_cond_t* cond, __gthread_mutex_t* mutex,
                                           const __gthread_time_t* abs_timeout) {
    return pthread_cond_timedwait(cond, mutex, abs_timeout);
}
static inline int __gthread_cond_wait_recursive(__gthread_cond_t* cond,
                                                __gthread_recursive_mutex_t* mutex) {
    return pthread_cond_wait(cond, mutex);
}
static inline int __gthread_cond_destroy(__gthread_cond_t* cond) {
    return pthread_cond_destroy(cond);
}

#ifdef __cplusplus
}
#endif

#endif /* MCUSTD_GTHR_DEFAULT_H */
