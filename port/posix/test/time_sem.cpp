// Sleeps and semaphore timeouts last at least what was asked and not much longer (virtual
// time is deterministic under -icount); sem_post wakes a waiter; sysconf answers.
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>
#include <unistd.h>

#include "ktest.hpp"

namespace {
uint64_t mono_us() {
    timespec ts;
    KCHECK(clock_gettime(CLOCK_MONOTONIC, &ts) == 0);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000u + static_cast<uint64_t>(ts.tv_nsec) / 1000;
}

void check_bounds(const char* what, uint64_t took, uint64_t asked) {
    ktest::say(what);
    ktest::say_num(" took us ", took);
    KCHECK(took >= asked);
    KCHECK(took < asked + 2000);  // one tick of rounding plus scheduling
}

sem_t sem;
void* poster(void*) {
    usleep(10000);
    sem_post(&sem);
    return nullptr;
}
}  // namespace

int main() {
    uint64_t t0 = mono_us();
    uint64_t t1 = mono_us();
    KCHECK(t1 >= t0);
    timespec res;
    KCHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec == 1000);

    t0 = mono_us();
    timespec req{.tv_sec = 0, .tv_nsec = 30000000};
    KCHECK(nanosleep(&req, nullptr) == 0);
    check_bounds("nanosleep 30 ms", mono_us() - t0, 30000);

    t0 = mono_us();
    KCHECK(usleep(1500) == 0);
    check_bounds("usleep 1.5 ms", mono_us() - t0, 1500);

    t0 = mono_us();
    KCHECK(sleep(1) == 0);
    check_bounds("sleep 1 s", mono_us() - t0, 1000000);

    KCHECK(sem_init(&sem, 0, 0) == 0);
    KCHECK(sem_trywait(&sem) == -1 && errno == EAGAIN);
    timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    rt.tv_nsec += 25000000;
    if (rt.tv_nsec >= 1000000000L) {
        rt.tv_nsec -= 1000000000L;
        ++rt.tv_sec;
    }
    t0 = mono_us();
    KCHECK(sem_timedwait(&sem, &rt) == -1 && errno == ETIMEDOUT);
    check_bounds("sem_timedwait 25 ms", mono_us() - t0, 25000);

    pthread_t p;
    KCHECK(pthread_create(&p, nullptr, poster, nullptr) == 0);
    t0 = mono_us();
    KCHECK(sem_wait(&sem) == 0);
    check_bounds("sem_wait for a post after 10 ms", mono_us() - t0, 10000);
    KCHECK(pthread_join(p, nullptr) == 0);
    sem_post(&sem);
    sem_post(&sem);
    int v = 0;
    KCHECK(sem_getvalue(&sem, &v) == 0 && v == 2);

    KCHECK(sysconf(_SC_NPROCESSORS_ONLN) == 1);
    KCHECK(sysconf(_SC_THREAD_KEYS_MAX) == PTHREAD_KEYS_MAX);
    ktest::pass("posix_time_sem");
}
