// picolibc's locks are retargetable (libc.a calls __retarget_lock_*): kernel mutexes, all
// recursive (lock.hpp says why). The libc-wide one guards malloc, the environment and time zones;
// each buffered stream has its own (stdio_locks.cpp). Before the kernel runs, and in an
// interrupt handler, there is nothing to block on: taking a lock is then a no-op.
#include <sys/lock.h>

#include <cstdlib>

#include "kernel/kernel.h"
#include "lock.hpp"

// ---- retargetable locks (sys/lock.h declares the libc-wide one with C++ linkage) ----
struct __lock __lock___libc_recursive_mutex = MCUSTD_STATIC_LOCK;

extern "C" {

static bool can_block() {
    return k_started() != 0 && k_in_isr() == 0;
}
void __retarget_lock_acquire_recursive(_LOCK_T lock) {
    if (lock && can_block())
        (void)k_mutex_lock(&lock->m, K_FOREVER);
}
void __retarget_lock_release_recursive(_LOCK_T lock) {
    if (lock && can_block())
        (void)k_mutex_unlock(&lock->m);
}
// libc.a defines all of these in one member: ours must be complete, or that member is pulled
// in and collides. Locks made at run time (fopen's streams) come from the heap.
void __retarget_lock_init_recursive(_LOCK_T* lock) {
    auto* l = static_cast<struct __lock*>(calloc(1, sizeof(struct __lock)));
    if (l) {
        l->m.type = K_MUTEX_RECURSIVE;
        l->heap = true;
    }
    *lock = l;
}
void __retarget_lock_init(_LOCK_T* lock) {
    __retarget_lock_init_recursive(lock);
}
void __retarget_lock_close_recursive(_LOCK_T lock) {
    if (lock && lock->heap)
        free(lock);
}
void __retarget_lock_close(_LOCK_T lock) {
    __retarget_lock_close_recursive(lock);
}
int __retarget_lock_try_acquire_recursive(_LOCK_T lock) {
    return !lock || !can_block() || k_mutex_trylock(&lock->m) == 0;
}
int __retarget_lock_try_acquire(_LOCK_T lock) {
    return __retarget_lock_try_acquire_recursive(lock);
}
void __retarget_lock_acquire(_LOCK_T lock) {
    __retarget_lock_acquire_recursive(lock);
}
void __retarget_lock_release(_LOCK_T lock) {
    __retarget_lock_release_recursive(lock);
}
}  // extern "C"
