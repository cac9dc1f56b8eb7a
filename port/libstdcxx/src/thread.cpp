// The std::thread members libstdc++.a lacks (it was built without gthreads).
#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <mcustd/thread_stack.hpp>
#include <memory>
#include <thread>

namespace mcustd::port {
// The stack a std::thread gets when no StackSizeScope asks otherwise (not the 2 MiB+ of desktops).
inline constexpr std::size_t kDefaultThreadStack = 4096;
}  // namespace mcustd::port

namespace std {

thread::_State::~_State() = default;

namespace {
extern "C" void* run_std_thread(void* p) {
    // Owns the state: the callable and its arguments are destroyed on this thread, as required.
    unique_ptr<thread::_State> state{static_cast<thread::_State*>(p)};
    state->_M_run();  // an escaping exception reaches the noexcept boundary: std::terminate
    return nullptr;
}
}  // namespace

void thread::_M_start_thread(_State_ptr state, void (*)()) {
    const size_t requested = mcustd::requested_thread_stack_size();
    pthread_attr_t attr;
    int e = pthread_attr_init(&attr);
    if (e == 0) {
        e = pthread_attr_setstacksize(
            &attr, requested != 0 ? requested : mcustd::port::kDefaultThreadStack);
    }
    if (e == 0) {
        e = pthread_create(&_M_id._M_thread, &attr, run_std_thread, state.get());
    }
    pthread_attr_destroy(&attr);
    if (e != 0) {
        __throw_system_error(e);
    }
    (void)state.release();  // now owned by the new thread
}

void thread::join() {
    int e = EINVAL;
    if (_M_id != id()) {
        e = pthread_join(_M_id._M_thread, nullptr);
    }
    if (e != 0) {
        __throw_system_error(e);
    }
    _M_id = id();
}

void thread::detach() {
    int e = EINVAL;
    if (_M_id != id()) {
        e = pthread_detach(_M_id._M_thread);
    }
    if (e != 0) {
        __throw_system_error(e);
    }
    _M_id = id();
}

unsigned int thread::hardware_concurrency() noexcept {
    return 1;
}  // one Cortex-M4 core

}  // namespace std
