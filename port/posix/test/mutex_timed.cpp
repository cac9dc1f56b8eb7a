// pthread_mutex_clocklock / timedlock: an available mutex is taken whatever abstime holds (a
// negative tv_nsec included); a held one validates abstime (EINVAL) and times out (ETIMEDOUT).
// pthread_mutex_destroy refuses a locked mutex (EBUSY).
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "ktest.hpp"

namespace {
pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
k_sem holder_ready, release;

void* holder(void*) {
    KCHECK(pthread_mutex_lock(&held) == 0);
    k_sem_post(&holder_ready);
    KCHECK(k_sem_wait(&release, K_FOREVER) == 0);
    KCHECK(pthread_mutex_unlock(&held) == 0);
    return nullptr;
}
}  // namespace

int main() {
    // What libstdc++ passes for 1 ns before the epoch.
    const timespec bad_nsec{.tv_sec = 0, .tv_nsec = -1};
    const timespec too_big{.tv_sec = 0, .tv_nsec = 1000000000L};
    pthread_mutex_t free_mutex = PTHREAD_MUTEX_INITIALIZER;
    KCHECK(pthread_mutex_clocklock(&free_mutex, CLOCK_MONOTONIC, &bad_nsec) == 0);
    KCHECK(pthread_mutex_destroy(&free_mutex) == EBUSY);
    KCHECK(pthread_mutex_unlock(&free_mutex) == 0);
    KCHECK(pthread_mutex_timedlock(&free_mutex, &too_big) == 0);
    KCHECK(pthread_mutex_unlock(&free_mutex) == 0);
    KCHECK(pthread_mutex_destroy(&free_mutex) == 0);

    pthread_t t;
    KCHECK(pthread_create(&t, nullptr, holder, nullptr) == 0);
    KCHECK(k_sem_wait(&holder_ready, K_FOREVER) == 0);
    KCHECK(pthread_mutex_clocklock(&held, CLOCK_MONOTONIC, &bad_nsec) == EINVAL);
    KCHECK(pthread_mutex_timedlock(&held, &too_big) == EINVAL);
    KCHECK(pthread_mutex_clocklock(&held, 12345, nullptr) == EINVAL);
    KCHECK(pthread_mutex_destroy(&held) == EBUSY);
    timespec soon;
    KCHECK(clock_gettime(CLOCK_MONOTONIC, &soon) == 0);
    const uint64_t before = k_now_us();
    soon.tv_nsec += 5000000;  // 5 ms
    if (soon.tv_nsec >= 1000000000L) {
        soon.tv_nsec -= 1000000000L;
        ++soon.tv_sec;
    }
    KCHECK(pthread_mutex_clocklock(&held, CLOCK_MONOTONIC, &soon) == ETIMEDOUT);
    KCHECK(k_now_us() - before >= 5000);
    k_sem_post(&release);
    KCHECK(pthread_join(t, nullptr) == 0);
    KCHECK(pthread_mutex_clocklock(&held, CLOCK_REALTIME, &bad_nsec) == 0);
    KCHECK(pthread_mutex_unlock(&held) == 0);
    ktest::pass("posix_mutex_timed");
}
