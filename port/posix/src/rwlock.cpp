// pthread read-write locks over one k_mutex, held only while the lock's state is read or changed,
// and two k_conds. Readers are preferred, as in glibc's default: a reader waits only while a
// writer holds the lock. That lets a thread take read locks recursively (a writer-preferring
// lock would deadlock it behind a waiting writer) at the price that a stream of overlapping
// readers can hold off a writer, as on Linux.
#include <errno.h>
#include <limits.h>

#include "internal.hpp"

namespace {

k_mutex* state_lock(pthread_rwlock_t* rw) {
    return reinterpret_cast<k_mutex*>(&rw->__lock);
}
k_cond* queue(pthread_cond_t* c) {
    return reinterpret_cast<k_cond*>(c);
}

constexpr pthread_rwlock_t kInit = PTHREAD_RWLOCK_INITIALIZER;
static_assert(!kInit.__writer && !kInit.__nreaders && !kInit.__nwriters_waiting &&
              !kInit.__lock.__owner && !kInit.__readers.__waiters && !kInit.__writers.__waiters);

// Takes rw for reading or writing; waits until `deadline` (kernel microseconds) when `wait`,
// else answers EBUSY at once. 0, EBUSY, ETIMEDOUT, EDEADLK (the caller holds it for writing),
// EAGAIN (read holds would overflow).
int acquire(pthread_rwlock_t* rw, bool write, bool wait, uint64_t deadline) {
    k_thread* const self = k_self();
    k_mutex_lock(state_lock(rw), K_FOREVER);
    int rc = rw->__writer == self ? EDEADLK : 0;
    while (rc == 0 && (rw->__writer != nullptr || (write && rw->__nreaders > 0))) {
        if (!wait) {
            rc = EBUSY;
            break;
        }
        if (write) {
            ++rw->__nwriters_waiting;
            rc = k_cond_wait(queue(&rw->__writers), state_lock(rw), deadline);
            --rw->__nwriters_waiting;
        } else {
            rc = k_cond_wait(queue(&rw->__readers), state_lock(rw), deadline);
        }
    }
    if (rc == 0) {
        if (write) {
            rw->__writer = self;
        } else if (rw->__nreaders == UINT_MAX) {
            rc = EAGAIN;
        } else {
            ++rw->__nreaders;
        }
    }
    k_mutex_unlock(state_lock(rw));
    return rc;
}

// The timed forms: an available lock is taken whatever abstime holds (POSIX allows it, glibc
// does it, and libstdc++ hands a deadline before the epoch over as a negative tv_nsec).
int acquire_by(pthread_rwlock_t* rw, bool write, clockid_t clock, const struct timespec* abstime) {
    if (const int rc = acquire(rw, write, false, 0); rc != EBUSY) {
        return rc;
    }
    uint64_t deadline;
    if (const int rc = posix::deadline_from(clock, abstime, &deadline)) {
        return rc;
    }
    return acquire(rw, write, true, deadline);
}

}  // namespace

extern "C" {

int pthread_rwlockattr_init(pthread_rwlockattr_t* attr) {
    attr->is_initialized = 1;
    return 0;
}

int pthread_rwlockattr_destroy(pthread_rwlockattr_t* attr) {
    attr->is_initialized = 0;
    return 0;
}

int pthread_rwlock_init(pthread_rwlock_t* rw, const pthread_rwlockattr_t* /*attr*/) {
    *rw = PTHREAD_RWLOCK_INITIALIZER;
    return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t* rw) {
    k_mutex_lock(state_lock(rw), K_FOREVER);
    const bool busy = rw->__writer != nullptr || rw->__nreaders > 0 || rw->__nwriters_waiting > 0 ||
                      rw->__readers.__waiters != nullptr;
    k_mutex_unlock(state_lock(rw));
    return busy ? EBUSY : 0;
}

int pthread_rwlock_rdlock(pthread_rwlock_t* rw) {
    return acquire(rw, false, true, K_FOREVER);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t* rw) {
    return acquire(rw, false, false, 0);
}

int pthread_rwlock_clockrdlock(pthread_rwlock_t* rw, clockid_t clock,
                               const struct timespec* abstime) {
    return acquire_by(rw, false, clock, abstime);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t* rw, const struct timespec* abstime) {
    return acquire_by(rw, false, CLOCK_REALTIME, abstime);
}

int pthread_rwlock_wrlock(pthread_rwlock_t* rw) {
    return acquire(rw, true, true, K_FOREVER);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t* rw) {
    return acquire(rw, true, false, 0);
}

int pthread_rwlock_clockwrlock(pthread_rwlock_t* rw, clockid_t clock,
                               const struct timespec* abstime) {
    return acquire_by(rw, true, clock, abstime);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t* rw, const struct timespec* abstime) {
    return acquire_by(rw, true, CLOCK_REALTIME, abstime);
}

// Releases the caller's write lock, else one read hold. Both queues are broadcast when the lock
// becomes free: a woken thread rechecks the state, and a waiter whose wait timed out at the
// moment it was signalled cannot swallow the only wake-up another waiter needed.
int pthread_rwlock_unlock(pthread_rwlock_t* rw) {
    k_mutex_lock(state_lock(rw), K_FOREVER);
    int rc = 0;
    bool wake_readers = false;
    if (rw->__writer == k_self()) {
        rw->__writer = nullptr;
        wake_readers = true;
    } else if (rw->__writer == nullptr && rw->__nreaders > 0) {
        --rw->__nreaders;
    } else {
        rc = EPERM;
    }
    if (rc == 0 && rw->__nreaders == 0 && rw->__nwriters_waiting > 0) {
        k_cond_broadcast(queue(&rw->__writers));
    }
    if (wake_readers) {
        k_cond_broadcast(queue(&rw->__readers));
    }
    k_mutex_unlock(state_lock(rw));
    return rc;
}

}  // extern "C"
