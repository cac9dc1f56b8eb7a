// pthread read-write locks: shared read holds (recursive), an exclusive write hold, EDEADLK on a
// writer's own relock, EPERM for an unlock without a hold, EBUSY from destroy while held; the
// timed forms take a free lock whatever abstime holds and otherwise validate it and time out;
// a waiting writer gets the lock when the last reader leaves, and every waiting reader when the
// writer leaves. Waiters run at a higher priority than main, so they block the moment they are
// created and run the moment they are woken: no sleeping.
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "ktest.hpp"

namespace {
pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
volatile int writer_done;
volatile int readers_inside;
k_sem reader_in, reader_leave;

void* writer(void*) {
    KCHECK(pthread_rwlock_wrlock(&rw) == 0);
    writer_done = 1;
    KCHECK(pthread_rwlock_unlock(&rw) == 0);
    return nullptr;
}

void* reader(void*) {
    KCHECK(pthread_rwlock_rdlock(&rw) == 0);
    readers_inside = readers_inside + 1;
    k_sem_post(&reader_in);
    KCHECK(k_sem_wait(&reader_leave, K_FOREVER) == 0);
    readers_inside = readers_inside - 1;
    KCHECK(pthread_rwlock_unlock(&rw) == 0);
    return nullptr;
}

pthread_t spawn(void* (*fn)(void*)) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    sched_param sp{};
    sp.sched_priority = 20;
    KCHECK(pthread_attr_setschedparam(&attr, &sp) == 0);
    pthread_t t;
    KCHECK(pthread_create(&t, &attr, fn, nullptr) == 0);
    return t;
}

timespec ms_from_now(clockid_t clock, long ms) {
    timespec t;
    KCHECK(clock_gettime(clock, &t) == 0);
    t.tv_nsec += ms * 1000000L;
    t.tv_sec += t.tv_nsec / 1000000000L;
    t.tv_nsec %= 1000000000L;
    return t;
}
}  // namespace

int main() {
    sched_param sp{};
    sp.sched_priority = 10;
    KCHECK(pthread_setschedparam(pthread_self(), SCHED_RR, &sp) == 0);
    const timespec bad_nsec{0, -1};  // what libstdc++ passes for 1 ns before the epoch

    // Read holds are shared and may nest in one thread; a writer is refused until the last goes.
    KCHECK(pthread_rwlock_tryrdlock(&rw) == 0);
    KCHECK(pthread_rwlock_rdlock(&rw) == 0);
    KCHECK(pthread_rwlock_trywrlock(&rw) == EBUSY);
    KCHECK(pthread_rwlock_destroy(&rw) == EBUSY);
    KCHECK(pthread_rwlock_unlock(&rw) == 0);
    KCHECK(pthread_rwlock_unlock(&rw) == 0);
    KCHECK(pthread_rwlock_unlock(&rw) == EPERM);

    // A write hold excludes everyone; its owner relocking either way is EDEADLK.
    KCHECK(pthread_rwlock_wrlock(&rw) == 0);
    KCHECK(pthread_rwlock_rdlock(&rw) == EDEADLK);
    KCHECK(pthread_rwlock_trywrlock(&rw) == EDEADLK);
    KCHECK(pthread_rwlock_destroy(&rw) == EBUSY);
    KCHECK(pthread_rwlock_unlock(&rw) == 0);

    // A free lock is taken whatever abstime holds (try_lock_until with a deadline passed).
    KCHECK(pthread_rwlock_clockwrlock(&rw, CLOCK_MONOTONIC, &bad_nsec) == 0);
    KCHECK(pthread_rwlock_unlock(&rw) == 0);
    KCHECK(pthread_rwlock_timedrdlock(&rw, &bad_nsec) == 0);

    // A writer waits for the last reader; readers are preferred while it waits.
    const pthread_t w = spawn(writer);
    KCHECK(writer_done == 0);
    KCHECK(pthread_rwlock_tryrdlock(&rw) == 0);
    KCHECK(pthread_rwlock_clockwrlock(&rw, CLOCK_MONOTONIC, &bad_nsec) == EINVAL);
    KCHECK(pthread_rwlock_clockwrlock(&rw, 12345, nullptr) == EINVAL);
    const uint64_t before = k_now_us();
    const timespec soon = ms_from_now(CLOCK_REALTIME, 5);
    KCHECK(pthread_rwlock_timedwrlock(&rw, &soon) == ETIMEDOUT);
    KCHECK(k_now_us() - before >= 5000);
    KCHECK(pthread_rwlock_unlock(&rw) == 0);
    KCHECK(writer_done == 0);
    KCHECK(pthread_rwlock_unlock(&rw) == 0);  // the last read hold: the writer runs now
    KCHECK(writer_done == 1);
    KCHECK(pthread_join(w, nullptr) == 0);

    // Readers wait for a writer, then all of them hold the lock together.
    KCHECK(pthread_rwlock_wrlock(&rw) == 0);
    const pthread_t r1 = spawn(reader);
    const pthread_t r2 = spawn(reader);
    KCHECK(readers_inside == 0);
    const timespec later = ms_from_now(CLOCK_MONOTONIC, 5);
    KCHECK(pthread_rwlock_clockrdlock(&rw, CLOCK_MONOTONIC, &later) == EDEADLK);
    KCHECK(pthread_rwlock_unlock(&rw) == 0);
    KCHECK(k_sem_wait(&reader_in, K_FOREVER) == 0);
    KCHECK(k_sem_wait(&reader_in, K_FOREVER) == 0);
    KCHECK(readers_inside == 2);
    KCHECK(pthread_rwlock_trywrlock(&rw) == EBUSY);
    k_sem_post(&reader_leave);
    k_sem_post(&reader_leave);
    KCHECK(pthread_join(r1, nullptr) == 0);
    KCHECK(pthread_join(r2, nullptr) == 0);
    KCHECK(readers_inside == 0);
    KCHECK(pthread_rwlock_trywrlock(&rw) == 0);
    KCHECK(pthread_rwlock_unlock(&rw) == 0);
    KCHECK(pthread_rwlock_destroy(&rw) == 0);
    ktest::pass("posix_rwlock");
}
