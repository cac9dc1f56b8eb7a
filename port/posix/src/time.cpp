// Clocks, sleeping, sched_yield and sysconf over the kernel's monotonic microsecond clock.
// CLOCK_REALTIME is the monotonic clock plus an offset that clock_settime adjusts.
#include <errno.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "internal.hpp"
#include "kernel/div_cache.h"

namespace {

int64_t realtime_offset;  // microseconds; written under a critical section (64-bit)

int fail(int e) {
    errno = e;
    return -1;
}

// us / 10^6 without a 64-bit division (kernel/div_cache.h): the web server's access log reads
// the wall clock per request.
void to_timespec(uint64_t us, struct timespec* ts) {
    static k_div_cache seconds;
    const uint32_t key = k_irq_save();
    ts->tv_sec = static_cast<time_t>(k_div_cached(&seconds, us, 1000000u));
    ts->tv_nsec = static_cast<long>(us - seconds.at_x) * 1000;
    k_irq_restore(key);
}

}  // namespace

namespace posix {

int64_t realtime_offset_us() {
    uint32_t s = k_irq_save();
    int64_t v = realtime_offset;
    k_irq_restore(s);
    return v;
}

int deadline_from(clockid_t clock, const struct timespec* abstime, uint64_t* deadline) {
    if (!abstime || abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L)
        return EINVAL;
    if (clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME)
        return EINVAL;
    if (abstime->tv_sec < 0) {
        *deadline = 0;
        return 0;
    }
    int64_t us = static_cast<int64_t>(abstime->tv_sec) * 1000000 + (abstime->tv_nsec + 999) / 1000;
    if (clock == CLOCK_REALTIME)
        us -= realtime_offset_us();
    *deadline = us < 0 ? 0 : static_cast<uint64_t>(us);
    return 0;
}

}  // namespace posix

extern "C" {

int clock_gettime(clockid_t clock, struct timespec* tp) {
    uint64_t now = k_now_us();
    if (clock == CLOCK_MONOTONIC) {
        to_timespec(now, tp);
        return 0;
    }
    if (clock == CLOCK_REALTIME) {
        int64_t rt = static_cast<int64_t>(now) + posix::realtime_offset_us();
        to_timespec(rt < 0 ? 0 : static_cast<uint64_t>(rt), tp);
        return 0;
    }
    return fail(EINVAL);
}

int clock_settime(clockid_t clock, const struct timespec* tp) {
    if (clock != CLOCK_REALTIME)
        return fail(EINVAL);
    if (tp->tv_nsec < 0 || tp->tv_nsec >= 1000000000L)
        return fail(EINVAL);
    int64_t target = static_cast<int64_t>(tp->tv_sec) * 1000000 + tp->tv_nsec / 1000;
    uint32_t s = k_irq_save();
    realtime_offset = target - static_cast<int64_t>(k_now_us());
    k_irq_restore(s);
    return 0;
}

int clock_getres(clockid_t clock, struct timespec* res) {
    if (clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME)
        return fail(EINVAL);
    if (res)
        *res = timespec{.tv_sec = 0, .tv_nsec = 1000};  // microseconds (sleeps wake on 1 ms ticks)
    return 0;
}

int nanosleep(const struct timespec* rqtp, struct timespec* rmtp) {
    if (!rqtp || rqtp->tv_nsec < 0 || rqtp->tv_nsec >= 1000000000L || rqtp->tv_sec < 0)
        return fail(EINVAL);
    uint64_t us = static_cast<uint64_t>(rqtp->tv_sec) * 1000000u +
                  static_cast<uint64_t>(rqtp->tv_nsec + 999) / 1000;
    k_sleep_us(us);
    if (rmtp)
        *rmtp = timespec{};
    return 0;
}

int usleep(useconds_t us) {
    k_sleep_us(us);
    return 0;
}

unsigned sleep(unsigned seconds) {
    k_sleep_us(static_cast<uint64_t>(seconds) * 1000000u);
    return 0;
}

int sched_yield(void) {
    k_yield();
    return 0;
}

int sched_get_priority_min(int) {
    return K_PRIO_MIN;
}

int sched_get_priority_max(int) {
    return K_PRIO_MAX;
}

long sysconf(int name) {
    switch (name) {
        case _SC_NPROCESSORS_CONF:
        case _SC_NPROCESSORS_ONLN:
            return 1;
        case _SC_CLK_TCK:
            return K_TICK_HZ;
        case _SC_PAGESIZE:
            return 4096;
        case _SC_THREAD_STACK_MIN:
            return PTHREAD_STACK_MIN;
        case _SC_THREAD_KEYS_MAX:
            return PTHREAD_KEYS_MAX;
        case _SC_THREAD_DESTRUCTOR_ITERATIONS:
            return PTHREAD_DESTRUCTOR_ITERATIONS;
        case _SC_MONOTONIC_CLOCK:
            return 200809L;
        case _SC_OPEN_MAX:
            return MCUSTD_OPEN_MAX;
        default:
            return fail(EINVAL);
    }
}

}  // extern "C"
