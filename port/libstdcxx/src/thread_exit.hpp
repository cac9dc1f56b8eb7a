// Work a thread does as it exits, after its function returned: thread_local destructors first
// (newest first), then the at-thread-exit notifications of <condition_variable> and <future>.
#pragma once

namespace std {
struct __at_thread_exit_elt;
}

namespace mcustd::port {

// Registers dtor(obj) to run at this thread's exit. false if out of memory.
bool at_thread_exit_dtor(void (*dtor)(void*), void* obj) noexcept;
// Queues elt (whose _M_cb is set) to run after the destructors. Takes ownership via _M_cb.
void at_thread_exit_notify(std::__at_thread_exit_elt* elt) noexcept;

}  // namespace mcustd::port
