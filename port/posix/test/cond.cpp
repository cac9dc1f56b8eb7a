// Condition variables: bounded producer/consumer over a ring; timed waits on CLOCK_MONOTONIC
// and CLOCK_REALTIME time out within bounds of (virtual) time.
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "ktest.hpp"

namespace {
constexpr int kItems = 2000;
constexpr int kSlots = 4;
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
int ring[kSlots];
int head, count;

void* producer(void*) {
    for (int i = 1; i <= kItems; ++i) {
        pthread_mutex_lock(&lock);
        while (count == kSlots)
            pthread_cond_wait(&not_full, &lock);
        ring[(head + count) % kSlots] = i;
        ++count;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&lock);
    }
    return nullptr;
}

uint64_t now_us(clockid_t clock) {
    timespec ts;
    KCHECK(clock_gettime(clock, &ts) == 0);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000u + static_cast<uint64_t>(ts.tv_nsec) / 1000;
}

timespec after_us(clockid_t clock, uint64_t us) {
    uint64_t t = now_us(clock) + us;
    return timespec{.tv_sec = static_cast<time_t>(t / 1000000u),
                    .tv_nsec = static_cast<long>(t % 1000000u) * 1000};
}
}  // namespace

int main() {
    pthread_t p;
    KCHECK(pthread_create(&p, nullptr, producer, nullptr) == 0);
    long sum = 0;
    int expected_next = 1;
    for (int i = 0; i < kItems; ++i) {
        pthread_mutex_lock(&lock);
        while (count == 0)
            pthread_cond_wait(&not_empty, &lock);
        int v = ring[head];
        head = (head + 1) % kSlots;
        --count;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&lock);
        KCHECK(v == expected_next);  // FIFO, nothing lost or duplicated
        ++expected_next;
        sum += v;
    }
    KCHECK(pthread_join(p, nullptr) == 0);
    KCHECK(sum == long{kItems} * (kItems + 1) / 2);

    // Timed wait on a monotonic condition variable: nobody signals.
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    KCHECK(pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0);
    pthread_cond_t mono;
    KCHECK(pthread_cond_init(&mono, &ca) == 0);
    pthread_mutex_lock(&lock);
    uint64_t start = now_us(CLOCK_MONOTONIC);
    timespec deadline = after_us(CLOCK_MONOTONIC, 50000);
    KCHECK(pthread_cond_timedwait(&mono, &lock, &deadline) == ETIMEDOUT);
    uint64_t waited = now_us(CLOCK_MONOTONIC) - start;
    ktest::say_num("monotonic timedwait 50000 us took ", waited);
    KCHECK(waited >= 50000 && waited < 50000 + 5000);

    // The same on the default (realtime) clock, after moving the realtime clock.
    timespec epoch{.tv_sec = 1700000000, .tv_nsec = 0};
    KCHECK(clock_settime(CLOCK_REALTIME, &epoch) == 0);
    KCHECK(now_us(CLOCK_REALTIME) >= 1700000000ull * 1000000u);
    start = now_us(CLOCK_MONOTONIC);
    deadline = after_us(CLOCK_REALTIME, 20000);
    KCHECK(pthread_cond_timedwait(&not_empty, &lock, &deadline) == ETIMEDOUT);
    waited = now_us(CLOCK_MONOTONIC) - start;
    ktest::say_num("realtime timedwait 20000 us took ", waited);
    KCHECK(waited >= 20000 && waited < 20000 + 5000);
    timespec past{};
    KCHECK(pthread_cond_timedwait(&not_empty, &lock, &past) == ETIMEDOUT);
    timespec bad{.tv_sec = 0, .tv_nsec = 1000000000L};
    KCHECK(pthread_cond_timedwait(&not_empty, &lock, &bad) == EINVAL);
    pthread_mutex_unlock(&lock);
    ktest::pass("posix_cond");
}
