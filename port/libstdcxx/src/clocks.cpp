// std::chrono clocks. The prebuilt chrono.o reads gettimeofday() for both clocks, so steady_clock
// would jump whenever the wall clock is set. These definitions replace that object as a whole
// (both functions are here, so the linker never pulls chrono.o).
#include <time.h>

#include <chrono>

namespace std::chrono {
inline namespace _V2 {

namespace {
template <typename Clock>
typename Clock::time_point read(clockid_t id) noexcept {
    timespec ts{};
    (void)clock_gettime(id, &ts);
    return typename Clock::time_point(seconds(ts.tv_sec) + nanoseconds(ts.tv_nsec));
}
}  // namespace

system_clock::time_point system_clock::now() noexcept {
    return read<system_clock>(CLOCK_REALTIME);
}

steady_clock::time_point steady_clock::now() noexcept {
    return read<steady_clock>(CLOCK_MONOTONIC);
}

}  // namespace _V2
}  // namespace std::chrono
