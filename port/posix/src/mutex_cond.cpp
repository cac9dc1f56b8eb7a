// pthread mutexes and condition variables over the kernel's k_mutex / k_cond.
#include <errno.h>

#include "internal.hpp"

namespace {

k_mutex* km(pthread_mutex_t* m) {
    return reinterpret_cast<k_mutex*>(m);
}
k_cond* kc(pthread_cond_t* c) {
    return reinterpret_cast<k_cond*>(c);
}

// The types in sys/_pthreadtypes.h must be the kernel's objects, byte for byte.
static_assert(sizeof(pthread_mutex_t) == sizeof(k_mutex));
static_assert(offsetof(pthread_mutex_t, __owner) == offsetof(k_mutex, owner));
static_assert(offsetof(pthread_mutex_t, __waiters) == offsetof(k_mutex, waiters));
static_assert(offsetof(pthread_mutex_t, __next_held) == offsetof(k_mutex, next_held));
static_assert(offsetof(pthread_mutex_t, __count) == offsetof(k_mutex, count));
static_assert(offsetof(pthread_mutex_t, __type) == offsetof(k_mutex, type));
static_assert(offsetof(pthread_cond_t, __waiters) == offsetof(k_cond, waiters));
static_assert(PTHREAD_MUTEX_NORMAL == K_MUTEX_NORMAL &&
              PTHREAD_MUTEX_RECURSIVE == K_MUTEX_RECURSIVE &&
              PTHREAD_MUTEX_ERRORCHECK == K_MUTEX_ERRORCHECK);

// The static initialisers must be exactly the kernel's ready-to-use objects.
constexpr pthread_mutex_t kInit = PTHREAD_MUTEX_INITIALIZER;
static_assert(!kInit.__owner && !kInit.__waiters && !kInit.__count &&
              kInit.__type == K_MUTEX_NORMAL);
constexpr pthread_mutex_t kRecursiveInit = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static_assert(!kRecursiveInit.__owner && kRecursiveInit.__type == K_MUTEX_RECURSIVE);
constexpr pthread_mutex_t kErrorCheckInit = PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP;
static_assert(kErrorCheckInit.__type == K_MUTEX_ERRORCHECK);
constexpr pthread_cond_t kCondInit = PTHREAD_COND_INITIALIZER;
static_assert(!kCondInit.__waiters && kCondInit.__clock == 0);  // 0: CLOCK_REALTIME

bool valid_clock(clockid_t clock) {
    return clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC;
}

}  // namespace

extern "C" {

int pthread_mutexattr_init(pthread_mutexattr_t* attr) {
    *attr = pthread_mutexattr_t{PTHREAD_MUTEX_DEFAULT, PTHREAD_PRIO_INHERIT, 1};
    return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t* attr) {
    attr->is_initialized = 0;
    return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t* attr, int type) {
    if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_ERRORCHECK)
        return EINVAL;
    attr->type = type;
    return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t* attr, int* type) {
    *type = attr->type;
    return 0;
}

int pthread_mutexattr_setprotocol(pthread_mutexattr_t* attr, int protocol) {
    if (protocol < PTHREAD_PRIO_NONE || protocol > PTHREAD_PRIO_PROTECT)
        return EINVAL;
    attr->protocol = protocol;
    return 0;
}

int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* attr) {
    k_mutex_init(km(m), static_cast<k_mutex_type>(attr ? attr->type : PTHREAD_MUTEX_DEFAULT));
    return 0;
}

int pthread_mutex_destroy(pthread_mutex_t* m) {
    return m->__owner ? EBUSY : 0;
}

int pthread_mutex_lock(pthread_mutex_t* m) {
    return k_mutex_lock(km(m), K_FOREVER);
}

int pthread_mutex_trylock(pthread_mutex_t* m) {
    return k_mutex_trylock(km(m));
}

// The lock is tried before abstime is validated: POSIX lets an immediately available mutex be
// taken whatever abstime holds, glibc does so, and libstdc++ hands a deadline before the epoch to
// us as a negative tv_nsec (its duration_cast truncates towards zero).
int pthread_mutex_clocklock(pthread_mutex_t* m, clockid_t clock, const struct timespec* abstime) {
    if (int r = k_mutex_trylock(km(m)); r != EBUSY)
        return r;
    uint64_t deadline;
    if (int r = posix::deadline_from(clock, abstime, &deadline))
        return r;
    return k_mutex_lock(km(m), deadline);
}

int pthread_mutex_timedlock(pthread_mutex_t* m, const struct timespec* abstime) {
    return pthread_mutex_clocklock(m, CLOCK_REALTIME, abstime);
}

int pthread_mutex_unlock(pthread_mutex_t* m) {
    return k_mutex_unlock(km(m));
}

int pthread_condattr_init(pthread_condattr_t* attr) {
    *attr = pthread_condattr_t{static_cast<int>(CLOCK_REALTIME), 1};
    return 0;
}

int pthread_condattr_destroy(pthread_condattr_t* attr) {
    attr->is_initialized = 0;
    return 0;
}

int pthread_condattr_setclock(pthread_condattr_t* attr, clockid_t clock) {
    if (!valid_clock(clock))
        return EINVAL;
    attr->clock = static_cast<int>(clock);
    return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t* attr, clockid_t* clock) {
    *clock = static_cast<clockid_t>(attr->clock);
    return 0;
}

int pthread_cond_init(pthread_cond_t* c, const pthread_condattr_t* attr) {
    *c = pthread_cond_t{nullptr, attr && attr->clock == static_cast<int>(CLOCK_MONOTONIC)
                                     ? static_cast<int>(CLOCK_MONOTONIC)
                                     : 0};
    return 0;
}

int pthread_cond_destroy(pthread_cond_t* c) {
    return c->__waiters ? EBUSY : 0;
}

int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) {
    return k_cond_wait(kc(c), km(m), K_FOREVER);
}

int pthread_cond_clockwait(pthread_cond_t* c, pthread_mutex_t* m, clockid_t clock,
                           const struct timespec* abstime) {
    uint64_t deadline;
    if (int r = posix::deadline_from(clock, abstime, &deadline))
        return r;
    return k_cond_wait(kc(c), km(m), deadline);
}

int pthread_cond_timedwait(pthread_cond_t* c, pthread_mutex_t* m, const struct timespec* abstime) {
    return pthread_cond_clockwait(
        c, m, c->__clock ? static_cast<clockid_t>(c->__clock) : CLOCK_REALTIME, abstime);
}

int pthread_cond_signal(pthread_cond_t* c) {
    k_cond_signal(kc(c));
    return 0;
}

int pthread_cond_broadcast(pthread_cond_t* c) {
    k_cond_broadcast(kc(c));
    return 0;
}

}  // extern "C"
