// Mutexes (priority inheritance, direct hand-off), condition variables, counting semaphores.
#include <errno.h>

#include "internal.hpp"

using namespace kern;

namespace {

// Held-list invariant: a mutex is in its owner's `held` list exactly while it has waiters (the
// list exists only for priority inheritance, and only waiters lend priority). An uncontended
// locked mutex is thus in no kernel list, so a locked mutex whose memory is freed or reused
// (std::mutex has a trivial destructor; pthread_mutex_destroy refuses with EBUSY, but nothing
// stops a plain reuse) cannot corrupt the kernel: it is only lost, with whatever it guarded.
void link_held(k_mutex* m) {
    m->next_held = m->owner->held;
    m->owner->held = m;
}

void unlink_held(k_mutex* m) {
    for (k_mutex** link = &m->owner->held; *link; link = &(*link)->next_held) {
        if (*link == m) {
            *link = m->next_held;
            break;
        }
    }
    m->next_held = nullptr;
}

void take(k_mutex* m, k_thread* t) {
    m->owner = t;
    m->count = 1;
    m->next_held = nullptr;
    if (m->waiters.head)  // handed off with threads still waiting
        link_held(m);
}

}  // namespace

namespace kern {

int mutex_lock_locked(k_mutex* m, uint64_t deadline) {
    k_thread* self = k_current;
    if (!m->owner) {
        take(m, self);
        return 0;
    }
    if (m->owner == self) {
        if (m->type != K_MUTEX_RECURSIVE)
            return EDEADLK;
        if (m->count == UINT16_MAX)
            return EAGAIN;
        ++m->count;
        return 0;
    }
    bool first_waiter = !m->waiters.head;
    int r = enqueue_current(&m->waiters, deadline);
    if (r)
        return r;
    if (first_waiter)
        link_held(m);
    self->waiting_mutex = m;
    recompute_priority(m->owner);  // inheritance, along the chain of owners
    // Woken with 0 only by a hand-off from unlock: the mutex is ours.
    return wait_switch();
}

int mutex_unlock_locked(k_mutex* m) {
    k_thread* self = k_current;
    if (m->owner != self)
        return EPERM;
    if (--m->count)
        return 0;
    if (!m->waiters.head) {
        // Uncontended, the common case: m is in no held list and lent no priority (only waiters
        // lend), so nobody's priority changes and no thread becomes ready: no switch to ask for.
        m->owner = nullptr;
        return 0;
    }
    unlink_held(m);
    m->owner = nullptr;
    if (k_thread* w = m->waiters.head) {
        q_remove(w);
        w->waiting_mutex = nullptr;
        take(m, w);
        wake(w, 0);
        recompute_priority(w);  // inherits from the remaining waiters
    }
    recompute_priority(self);  // drop what was inherited through m
    request_switch();
    return 0;
}

void mutex_waiter_left(k_mutex* m) {
    if (!m->waiters.head)
        unlink_held(m);
    recompute_priority(m->owner);
}

}  // namespace kern

extern "C" {

void k_mutex_init(k_mutex* m, enum k_mutex_type type) {
    *m = k_mutex{};
    m->type = static_cast<uint8_t>(type);
}

// Mutexes belong to threads: an interrupt handler has no identity to own one.
int k_mutex_lock(k_mutex* m, uint64_t deadline_us) {
    if (k_in_isr())
        return EPERM;
    IrqLock lock;
    return mutex_lock_locked(m, deadline_us);
}

int k_mutex_trylock(k_mutex* m) {
    if (k_in_isr())
        return EPERM;
    IrqLock lock;
    if (m->owner && m->owner != k_current)
        return EBUSY;
    int r = mutex_lock_locked(m, K_FOREVER);
    return r == EDEADLK ? EBUSY : r;
}

int k_mutex_unlock(k_mutex* m) {
    IrqLock lock;
    return mutex_unlock_locked(m);
}

int k_cond_wait(k_cond* c, k_mutex* m, uint64_t deadline_us) {
    IrqLock lock;
    k_thread* self = k_current;
    if (m->owner != self)
        return EPERM;
    uint16_t depth = m->count;  // a recursive mutex is released completely while waiting
    m->count = 1;
    mutex_unlock_locked(m);
    int r = enqueue_current(&c->waiters, deadline_us);
    if (r == 0)
        r = wait_switch();
    mutex_lock_locked(m, K_FOREVER);
    m->count = depth;
    return r;
}

void k_cond_signal(k_cond* c) {
    IrqLock lock;
    if (c->waiters.head)
        wake(c->waiters.head, 0);
}

void k_cond_broadcast(k_cond* c) {
    IrqLock lock;
    while (c->waiters.head)
        wake(c->waiters.head, 0);
}

void k_sem_init(k_sem* s, uint32_t count) {
    *s = k_sem{count, {}};
}

int k_sem_wait(k_sem* s, uint64_t deadline_us) {
    IrqLock lock;
    if (s->count) {
        --s->count;
        return 0;
    }
    int r = enqueue_current(&s->waiters, deadline_us);
    return r ? r : wait_switch();  // 0: a post handed its unit straight to us
}

int k_sem_trywait(k_sem* s) {
    IrqLock lock;
    if (!s->count)
        return EAGAIN;
    --s->count;
    return 0;
}

void k_sem_post(k_sem* s) {
    IrqLock lock;
    if (s->waiters.head)
        wake(s->waiters.head, 0);
    else
        ++s->count;
}

}  // extern "C"
