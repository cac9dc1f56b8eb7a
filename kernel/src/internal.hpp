// Kernel-private helpers shared by the scheduler and the synchronisation objects.
// Everything here runs with the kernel lock held (k_irq_save) unless stated otherwise.
#pragma once

#include "kernel/kernel.h"

extern "C" {
extern k_thread* k_current;
}

namespace kern {

// RAII critical section; nests because it restores the previous mask.
class IrqLock {
  public:
    [[gnu::always_inline]] IrqLock() noexcept : saved_(k_irq_save()) {}
    [[gnu::always_inline]] ~IrqLock() { k_irq_restore(saved_); }
    IrqLock(const IrqLock&) = delete;
    IrqLock& operator=(const IrqLock&) = delete;

  private:
    uint32_t saved_;
};

void q_insert(k_waitq* q, k_thread* t);  // by priority, FIFO among equals
void q_remove(k_thread* t);
void ready_add(k_thread* t, bool at_head);
void ready_remove(k_thread* t);
void request_switch();  // pends PendSV if the best ready thread is not the current one

// Blocking in two steps so that callers can act (priority inheritance) in between:
// enqueue_current() takes the current thread off the ready list (returns ETIMEDOUT at once if
// the deadline has passed), wait_switch() lets the switch happen and returns the wake result.
int enqueue_current(k_waitq* q, uint64_t deadline);
int wait_switch();
void wake(k_thread* t, int result);

void recompute_priority(k_thread* t);  // base priority raised to its mutexes' top waiters

int mutex_lock_locked(k_mutex* m, uint64_t deadline);
int mutex_unlock_locked(k_mutex* m);
// A waiter stopped waiting on m without being handed it (timeout): keeps the held-list
// invariant (sync.cpp) and lets the owner drop the priority that waiter lent.
void mutex_waiter_left(k_mutex* m);

[[noreturn]] void stack_overflow(const k_thread* t);

}  // namespace kern
