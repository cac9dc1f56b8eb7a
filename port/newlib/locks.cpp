// newlib's lock hooks. This newlib was built without retargetable locking (libc.a has no
// __retarget_lock_*), so malloc/free, the environment and the time zone call these functions,
// which libc.a defines empty. Ours are recursive kernel mutexes (malloc re-enters through
// realloc -> malloc); before the scheduler starts there is one thread and nothing to lock.
#include <kernel/kernel.h>

namespace {

k_mutex malloc_mutex{nullptr, {nullptr}, nullptr, 0, K_MUTEX_RECURSIVE};
k_mutex env_mutex{nullptr, {nullptr}, nullptr, 0, K_MUTEX_RECURSIVE};
k_mutex tz_mutex{nullptr, {nullptr}, nullptr, 0, K_MUTEX_RECURSIVE};

void lock(k_mutex& m) {
    if (k_started() != 0 && k_in_isr() == 0) {
        (void)k_mutex_lock(&m, K_FOREVER);
    }
}

void unlock(k_mutex& m) {
    if (k_started() != 0 && k_in_isr() == 0) {
        (void)k_mutex_unlock(&m);
    }
}

}  // namespace

extern "C" {
void __malloc_lock(struct _reent*) {
    lock(malloc_mutex);
}
void __malloc_unlock(struct _reent*) {
    unlock(malloc_mutex);
}
void __env_lock(struct _reent*) {
    lock(env_mutex);
}
void __env_unlock(struct _reent*) {
    unlock(env_mutex);
}
void __tz_lock() {
    lock(tz_mutex);
}
void __tz_unlock() {
    unlock(tz_mutex);
}
}
