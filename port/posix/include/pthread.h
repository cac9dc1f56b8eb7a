/* mcustd POSIX port: threads over the mcustd kernel (replaces newlib's pthread.h). */
#ifndef _MCUSTD_PTHREAD_H
#define _MCUSTD_PTHREAD_H

#include <sched.h>
#include <sys/_pthreadtypes.h> /* ours; newlib's sys/types.h includes it, picolibc's not */
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1

/* A relock of a NORMAL (default) mutex by its owner returns EDEADLK instead of hanging. */
#define PTHREAD_MUTEX_NORMAL 0
#define PTHREAD_MUTEX_RECURSIVE 1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_DEFAULT PTHREAD_MUTEX_NORMAL

/* Every mutex uses priority inheritance; the protocol attribute is accepted and recorded. */
#define PTHREAD_PRIO_NONE 0
#define PTHREAD_PRIO_INHERIT 1
#define PTHREAD_PRIO_PROTECT 2

#define PTHREAD_INHERIT_SCHED 0
#define PTHREAD_EXPLICIT_SCHED 1
#define PTHREAD_SCOPE_SYSTEM 0
#define PTHREAD_PROCESS_PRIVATE 0

#define PTHREAD_MUTEX_INITIALIZER \
    { 0, 0, 0, 0, 0, 0 }
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP \
    { 0, 0, 0, 0, 1, 0 }
#define PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP \
    { 0, 0, 0, 0, 2, 0 }
#define PTHREAD_COND_INITIALIZER \
    { 0, 0 }
#define PTHREAD_ONCE_INIT \
    { 0 }
#define PTHREAD_RWLOCK_INITIALIZER \
    { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0 }

#define PTHREAD_KEYS_MAX 32
#define PTHREAD_DESTRUCTOR_ITERATIONS 4
#define PTHREAD_STACK_MIN 512
#define PTHREAD_STACK_DEFAULT 4096

int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*start)(void*), void* arg);
int pthread_join(pthread_t thread, void** retval);
int pthread_detach(pthread_t thread);
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
void pthread_exit(void* retval) __attribute__((noreturn));
int pthread_once(pthread_once_t* once, void (*init)(void));
int pthread_setname_np(pthread_t thread, const char* name); /* up to 15 characters */
int pthread_getname_np(pthread_t thread, char* name, size_t len);
int pthread_setschedparam(pthread_t thread, int policy, const struct sched_param* param);
int pthread_getschedparam(pthread_t thread, int* policy, struct sched_param* param);

int pthread_attr_init(pthread_attr_t* attr);
int pthread_attr_destroy(pthread_attr_t* attr);
int pthread_attr_setstacksize(pthread_attr_t* attr, size_t size);
int pthread_attr_getstacksize(const pthread_attr_t* attr, size_t* size);
int pthread_attr_setstack(pthread_attr_t* attr, void* addr, size_t size);
int pthread_attr_setdetachstate(pthread_attr_t* attr, int state);
int pthread_attr_getdetachstate(const pthread_attr_t* attr, int* state);
int pthread_attr_setschedparam(pthread_attr_t* attr, const struct sched_param* param);
int pthread_attr_getschedparam(const pthread_attr_t* attr, struct sched_param* param);

int pthread_mutexattr_init(pthread_mutexattr_t* attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t* attr);
int pthread_mutexattr_settype(pthread_mutexattr_t* attr, int type);
int pthread_mutexattr_gettype(const pthread_mutexattr_t* attr, int* type);
int pthread_mutexattr_setprotocol(pthread_mutexattr_t* attr, int protocol);
int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* attr);
int pthread_mutex_destroy(pthread_mutex_t* m);
int pthread_mutex_lock(pthread_mutex_t* m);
int pthread_mutex_trylock(pthread_mutex_t* m);
int pthread_mutex_timedlock(pthread_mutex_t* m, const struct timespec* abstime); /* REALTIME */
int pthread_mutex_clocklock(pthread_mutex_t* m, clockid_t clock, const struct timespec* abstime);
int pthread_mutex_unlock(pthread_mutex_t* m);

int pthread_condattr_init(pthread_condattr_t* attr);
int pthread_condattr_destroy(pthread_condattr_t* attr);
int pthread_condattr_setclock(pthread_condattr_t* attr, clockid_t clock);
int pthread_condattr_getclock(const pthread_condattr_t* attr, clockid_t* clock);
int pthread_cond_init(pthread_cond_t* c, const pthread_condattr_t* attr);
int pthread_cond_destroy(pthread_cond_t* c);
int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m);
int pthread_cond_timedwait(pthread_cond_t* c, pthread_mutex_t* m, const struct timespec* abstime);
int pthread_cond_clockwait(pthread_cond_t* c, pthread_mutex_t* m, clockid_t clock,
                           const struct timespec* abstime);
int pthread_cond_signal(pthread_cond_t* c);
int pthread_cond_broadcast(pthread_cond_t* c);

/* Read-write locks, preferring readers as glibc's default does: a reader waits only while a
 * writer holds the lock, so one thread may take read locks recursively (writers may wait while
 * readers keep overlapping). A writer relocking, or a reader of its own write lock, gets
 * EDEADLK. The timed forms try the lock before they validate abstime, as the mutex does. */
int pthread_rwlockattr_init(pthread_rwlockattr_t* attr);
int pthread_rwlockattr_destroy(pthread_rwlockattr_t* attr);
int pthread_rwlock_init(pthread_rwlock_t* rw, const pthread_rwlockattr_t* attr);
int pthread_rwlock_destroy(pthread_rwlock_t* rw); /* EBUSY while held or awaited */
int pthread_rwlock_rdlock(pthread_rwlock_t* rw);
int pthread_rwlock_tryrdlock(pthread_rwlock_t* rw);
int pthread_rwlock_timedrdlock(pthread_rwlock_t* rw, const struct timespec* abstime);
int pthread_rwlock_clockrdlock(pthread_rwlock_t* rw, clockid_t clock,
                               const struct timespec* abstime);
int pthread_rwlock_wrlock(pthread_rwlock_t* rw);
int pthread_rwlock_trywrlock(pthread_rwlock_t* rw);
int pthread_rwlock_timedwrlock(pthread_rwlock_t* rw, const struct timespec* abstime);
int pthread_rwlock_clockwrlock(pthread_rwlock_t* rw, clockid_t clock,
                               const struct timespec* abstime);
int pthread_rwlock_unlock(pthread_rwlock_t* rw); /* EPERM if neither read- nor write-held */

int pthread_key_create(pthread_key_t* key, void (*destructor)(void*));
int pthread_key_delete(pthread_key_t key);
void* pthread_getspecific(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, const void* value);

/* mcustd extension: fn runs in every exiting pthread before the key destructors (the C++
 * runtime's thread_local destructors hook in here). One hook; NULL removes it. */
void mcustd_pthread_set_exit_hook(void (*fn)(void));

#ifdef __cplusplus
}
#endif

#endif /* _MCUSTD_PTHREAD_H */
