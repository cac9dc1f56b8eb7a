// std::call_once's runtime: the thread-local callable slots (_GLIBCXX_HAVE_TLS layout) and an
// exception-safe "once" for __gthread_once. pthread_once cannot be used: an exception thrown by the
// callable would have to unwind through the kernel's C code, and std::call_once requires that a
// throwing call leaves the flag unset so the next caller retries.
#include <kernel/kernel.h>

#include <mutex>

#include "lock.hpp"

namespace std {
__thread void* __once_callable;
__thread void (*__once_call)();
}  // namespace std

extern "C" void __once_proxy() {
    std::__once_call();
}

namespace {
constexpr int kInit = 0;
constexpr int kRunning = 1;
constexpr int kDone = 2;
mcustd::port::WaitLock once_lock;
}  // namespace

extern "C" int __mcustd_gthread_active() {
    return k_started();
}

extern "C" int __mcustd_gthread_once(int* once, void (*func)()) {
    if (__atomic_load_n(once, __ATOMIC_ACQUIRE) == kDone) {
        return 0;
    }
    {
        mcustd::port::WaitLockGuard guard(once_lock);
        while (*once == kRunning) {
            guard.wait();
        }
        if (*once == kDone) {
            return 0;
        }
        *once = kRunning;
    }
    try {
        func();
    } catch (...) {
        mcustd::port::WaitLockGuard guard(once_lock);
        *once = kInit;  // a waiter (or a later caller) runs its own callable instead
        guard.wake_all();
        throw;
    }
    mcustd::port::WaitLockGuard guard(once_lock);
    __atomic_store_n(once, kDone, __ATOMIC_RELEASE);
    guard.wake_all();
    return 0;
}
