// Thread-safe function-local statics ([stmt.dcl]/4). libsupc++'s guard functions, built for
// thread model "single", do no locking: two threads reaching `static T x = f();` together would
// both run f(). ARM EABI guard: a 32-bit word whose bit 0 means "initialised" (tested inline by
// the compiler); we use byte 1 as "initialisation in progress".
#include <cstdint>

#include "lock.hpp"

namespace {

mcustd::port::WaitLock guard_lock;

bool done(const std::uint32_t* g) {
    return (__atomic_load_n(g, __ATOMIC_ACQUIRE) & 1u) != 0;
}
std::uint8_t* pending(std::uint32_t* g) {
    return reinterpret_cast<std::uint8_t*>(g) + 1;
}

}  // namespace

extern "C" int __cxa_guard_acquire(std::uint32_t* g) {
    if (done(g)) {
        return 0;
    }
    mcustd::port::WaitLockGuard lock(guard_lock);
    while (*pending(g) != 0) {
        lock.wait();  // another thread is running the initialiser
    }
    if (done(g)) {
        return 0;
    }
    *pending(g) = 1;
    return 1;  // the caller runs the initialiser, then calls release (or abort if it threw)
}

extern "C" void __cxa_guard_release(std::uint32_t* g) noexcept {
    mcustd::port::WaitLockGuard lock(guard_lock);
    __atomic_store_n(g, 1u, __ATOMIC_RELEASE);  // done, and no longer pending
    lock.wake_all();
}

extern "C" void __cxa_guard_abort(std::uint32_t* g) noexcept {
    mcustd::port::WaitLockGuard lock(guard_lock);
    *pending(g) = 0;  // the next thread tries the initialiser again
    lock.wake_all();
}
