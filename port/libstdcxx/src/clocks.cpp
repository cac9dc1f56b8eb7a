// std::chrono clocks. The prebuilt chrono.o reads gettimeofday() for both clocks, so steady_clock
// would jump whenever the wall clock is set. These definitions replace that object as a whole
// (both functions are here, so the linker never pulls chrono.o).
#include <kernel/kernel.h>
#include <time.h>

#include <chrono>

namespace std::chrono {
inline namespace _V2 {

namespace {
template <typename Clock>
typename Clock::time_point read(clockid_t id) noexcept {
    timespec ts;  // NOLINT(cppcoreguidelines-pro-type-member-init): filled, or zeroed on error
    if (clock_gettime(id, &ts) != 0) {
        ts.tv_sec = 0;
        ts.tv_nsec = 0;
    }
    return typename Clock::time_point(seconds(ts.tv_sec) + nanoseconds(ts.tv_nsec));
}
}  // namespace

system_clock::time_point system_clock::now() noexcept {
    return read<system_clock>(CLOCK_REALTIME);
}

// The kernel's microsecond count is CLOCK_MONOTONIC itself: read directly, it costs no 64-bit
// division into a timespec and back (the web server reads this clock several times a request).
steady_clock::time_point steady_clock::now() noexcept {
    return time_point(microseconds(k_now_us()));
}

}  // namespace _V2
}  // namespace std::chrono
