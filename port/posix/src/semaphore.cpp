// Unnamed POSIX semaphores over k_sem (errors through errno, as POSIX specifies for sem_*).
#include <errno.h>
#include <semaphore.h>

#include "internal.hpp"

namespace {
k_sem* ks(sem_t* s) {
    return reinterpret_cast<k_sem*>(s);
}
static_assert(sizeof(sem_t) == sizeof(k_sem));
static_assert(offsetof(sem_t, __count) == offsetof(k_sem, count));
static_assert(offsetof(sem_t, __waiters) == offsetof(k_sem, waiters));

int fail(int e) {
    errno = e;
    return -1;
}
}  // namespace

extern "C" {

int sem_init(sem_t* sem, int pshared, unsigned int value) {
    if (pshared)
        return fail(ENOSYS);
    if (value > SEM_VALUE_MAX)
        return fail(EINVAL);
    k_sem_init(ks(sem), value);
    return 0;
}

int sem_destroy(sem_t* sem) {
    return sem->__waiters ? fail(EBUSY) : 0;
}

int sem_wait(sem_t* sem) {
    return k_sem_wait(ks(sem), K_FOREVER) ? fail(EINVAL) : 0;
}

int sem_trywait(sem_t* sem) {
    return k_sem_trywait(ks(sem)) ? fail(EAGAIN) : 0;
}

int sem_clockwait(sem_t* sem, clockid_t clock, const struct timespec* abstime) {
    if (k_sem_trywait(ks(sem)) == 0)
        return 0;  // POSIX: no timeout check if it can succeed
    uint64_t deadline;
    if (int r = posix::deadline_from(clock, abstime, &deadline))
        return fail(r);
    int r = k_sem_wait(ks(sem), deadline);
    return r ? fail(r) : 0;
}

int sem_timedwait(sem_t* sem, const struct timespec* abstime) {
    return sem_clockwait(sem, CLOCK_REALTIME, abstime);
}

int sem_post(sem_t* sem) {
    k_sem_post(ks(sem));
    return 0;
}

int sem_getvalue(sem_t* sem, int* value) {
    *value = static_cast<int>(sem->__count);
    return 0;
}

}  // extern "C"
