// Scheduler: ready lists per priority, timeouts, the tick (periodic while threads run,
// tickless while idle), thread lifecycle. Portable: the CPU is behind kernel/arch.h.
#include <errno.h>

#include "internal.hpp"
#include "kernel/arch.h"
#include "kernel/board_if.h"
#include "kernel/div_cache.h"

extern "C" {
k_thread* k_current;  // read by PendSV_Handler and __aeabi_read_tp
}

namespace {

constexpr uint32_t kStackFill = 0xA5A5A5A5u;
constexpr uint32_t kCanary = 0xDEADC0DEu;
static_assert(K_ARCH_TIMER_HZ % 1000000u == 0 && K_ARCH_TIMER_HZ % K_TICK_HZ == 0,
              "the tick source must count whole cycles per microsecond and per tick");
constexpr uint32_t kCyclesPerUs = K_ARCH_TIMER_HZ / 1000000u;
constexpr uint32_t kCyclesPerTick = K_ARCH_TIMER_HZ / K_TICK_HZ;

k_waitq ready[K_PRIO_MAX + 1];
uint32_t ready_mask;
k_thread* timeouts;  // sorted by deadline
k_thread* all_threads;
bool started;
bool tickless;                         // the timer is set for the nearest deadline, not the tick
uint32_t timer_irqs, idle_timer_irqs;  // see k_timer_stats()

k_thread* zombies;  // exited detached threads, handed to k_zombie_take()
k_sem zombie_sem;

k_thread idle_thread;
alignas(8) uint32_t idle_stack[128];

void timeout_insert(k_thread* t, uint64_t deadline) {
    t->deadline = deadline;
    k_thread** link = &timeouts;
    k_thread* prev = nullptr;
    while (*link && (*link)->deadline <= deadline) {
        prev = *link;
        link = &(*link)->tnext;
    }
    t->tnext = *link;
    t->tprev = prev;
    if (t->tnext)
        t->tnext->tprev = t;
    *link = t;
    t->in_timeouts = 1;
}

void timeout_remove(k_thread* t) {
    if (t->tprev)
        t->tprev->tnext = t->tnext;
    else
        timeouts = t->tnext;
    if (t->tnext)
        t->tnext->tprev = t->tprev;
    t->tnext = t->tprev = nullptr;
    t->in_timeouts = 0;
}

k_thread* best_ready() {
    return ready[31 - __builtin_clz(ready_mask)].head;
}

void unlink_all(k_thread* t) {
    for (k_thread** link = &all_threads; *link; link = &(*link)->all_next) {
        if (*link == t) {
            *link = t->all_next;
            break;
        }
    }
    t->all_next = nullptr;
}

void set_effective_priority(k_thread* t, int prio) {
    if (t->prio == prio)
        return;
    if (t->state == K_STATE_READY) {
        bool running = t == k_current;
        kern::ready_remove(t);
        t->prio = static_cast<uint8_t>(prio);
        kern::ready_add(t, running);  // a running thread keeps the CPU at its new level
    } else if (t->state == K_STATE_BLOCKED && t->queue) {
        k_waitq* q = t->queue;
        kern::q_remove(t);
        t->prio = static_cast<uint8_t>(prio);
        kern::q_insert(q, t);
        if (t->waiting_mutex)
            kern::recompute_priority(t->waiting_mutex->owner);  // the chain
    } else {
        t->prio = static_cast<uint8_t>(prio);
    }
}

[[noreturn]] void thread_entry(k_thread* t) {
    k_thread_exit(t->entry(t->arg));
}

// Tickless idle: every thread is blocked, so nothing needs the tick (no time slice to
// count); the timer is set for the nearest deadline (or as far as it reaches), and its
// interrupt (k_timer_isr) or the first switch away from idle (k_switch) restarts the periodic
// tick. Each reprogramming may lose a fraction of one timer count, so while idle it is done
// only when the interrupt must come earlier.
void* idle_entry(void*) {
    for (;;) {
        uint32_t key = k_arch_irq_lock();
        uint64_t now = k_arch_timer_now();
        uint64_t want = now + K_ARCH_TIMER_MAX_CYCLES;
        if (timeouts && timeouts->deadline * kCyclesPerUs < want)
            want = timeouts->deadline * kCyclesPerUs > now ? timeouts->deadline * kCyclesPerUs
                                                           : now + 1;
        if (!tickless || want < k_arch_timer_next()) {
            k_arch_timer_set(static_cast<uint32_t>(want - now));
            tickless = true;
        }
        k_arch_idle(key);
    }
}

void check_stack(const k_thread* t) {
    if (t->stack_base && t->stack_base[0] != kCanary)
        kern::stack_overflow(t);
}

}  // namespace

namespace kern {

void q_insert(k_waitq* q, k_thread* t) {
    k_thread* prev = nullptr;
    k_thread* cur = q->head;
    while (cur && cur->prio >= t->prio) {
        prev = cur;
        cur = cur->next;
    }
    t->prev = prev;
    t->next = cur;
    if (cur)
        cur->prev = t;
    if (prev)
        prev->next = t;
    else
        q->head = t;
    t->queue = q;
}

void q_remove(k_thread* t) {
    k_waitq* q = t->queue;
    if (!q)
        return;
    if (t->prev)
        t->prev->next = t->next;
    else
        q->head = t->next;
    if (t->next)
        t->next->prev = t->prev;
    t->next = t->prev = nullptr;
    t->queue = nullptr;
}

void ready_add(k_thread* t, bool at_head) {
    k_waitq* q = &ready[t->prio];
    if (at_head) {
        t->prev = nullptr;
        t->next = q->head;
        if (q->head)
            q->head->prev = t;
        q->head = t;
        t->queue = q;
    } else {
        q_insert(q, t);  // equal priorities: appended at the tail
    }
    ready_mask |= 1u << t->prio;
}

void ready_remove(k_thread* t) {
    q_remove(t);
    if (!ready[t->prio].head)
        ready_mask &= ~(1u << t->prio);
}

void request_switch() {
    if (started && best_ready() != k_current)
        k_arch_pend_switch();
}

int enqueue_current(k_waitq* q, uint64_t deadline) {
    k_thread* t = k_current;
    if (k_in_isr() || !started)
        board_panic("blocking call outside a thread", BOARD_EXIT_PANIC);
    if (deadline != K_FOREVER && deadline <= k_now_us())
        return ETIMEDOUT;
    ready_remove(t);
    t->state = K_STATE_BLOCKED;
    t->wake_result = 0;
    if (q)
        q_insert(q, t);
    if (deadline != K_FOREVER)
        timeout_insert(t, deadline);
    return 0;
}

int wait_switch() {
    request_switch();
    // Open the critical section just long enough for PendSV to switch away; we continue here
    // once woken, with the lock held again.
    k_arch_switch_window();
    return k_current->wake_result;
}

void wake(k_thread* t, int result) {
    if (t->state != K_STATE_BLOCKED)
        return;
    q_remove(t);
    if (t->in_timeouts)
        timeout_remove(t);
    t->wake_result = result;
    t->state = K_STATE_READY;
    ready_add(t, false);
    if (k_mutex* m = t->waiting_mutex) {  // gave up waiting: the owner may drop its priority
        t->waiting_mutex = nullptr;
        mutex_waiter_left(m);
    }
    request_switch();
}

void recompute_priority(k_thread* t) {
    if (!t)
        return;
    int prio = t->base_prio;
    for (k_mutex* m = t->held; m; m = m->next_held) {
        if (m->waiters.head && m->waiters.head->prio > prio)
            prio = m->waiters.head->prio;
    }
    set_effective_priority(t, prio);
}

void stack_overflow(const k_thread* t) {
    k_arch_irq_lock();
    board_console_puts("\r\n*** stack overflow in thread '");
    board_console_puts(t->name ? t->name : "?");
    board_console_puts("' (stack ");
    board_console_put_dec(t->stack_size);
    board_console_puts(" bytes)\r\n");
    board_exit(BOARD_EXIT_STACK_OVERFLOW);
}

}  // namespace kern

using namespace kern;

// Called by PendSV_Handler with the outgoing context saved; returns the thread to resume.
extern "C" k_thread* k_switch(void) {
    k_thread* prev = k_current;
    if (prev) {
        check_stack(prev);
        if (prev->sp < static_cast<void*>(prev->stack_base))
            stack_overflow(prev);
    }
    k_thread* next = best_ready();
    if (next != prev) {
        next->slice = K_TIME_SLICE_TICKS;
        k_arch_stack_guard(next);
        if (tickless && next != &idle_thread) {  // a thread runs again: so does the tick
            tickless = false;
            k_arch_timer_set(kCyclesPerTick);
        }
    }
    k_current = next;
    return next;
}

extern "C" void k_timer_isr(void) {
    IrqLock lock;
    ++timer_irqs;
    // A tickless wake-up is one-shot: the timer would otherwise repeat the period it was set
    // to, and a near deadline's period (down to two counts) can be shorter than this handler,
    // so it would pend again before PendSV (less urgent) ever ran: a livelock. The periodic
    // tick is back until the idle thread, if it still runs, sets the next deadline.
    if (tickless) {
        tickless = false;
        k_arch_timer_set(kCyclesPerTick);
    }
    uint64_t now = k_now_us();
    bool woke = timeouts && timeouts->deadline <= now;
    while (timeouts && timeouts->deadline <= now)
        wake(timeouts, ETIMEDOUT);
    k_thread* cur = k_current;
    if (!cur)
        return;  // a tick before the first switch (k_start enables the timer first)
    if (cur == &idle_thread && !woke)
        ++idle_timer_irqs;  // the timer's reach ran out before the deadline (or a stray tick)
    check_stack(cur);
    if (cur->state == K_STATE_READY && cur->prio != K_PRIO_IDLE && --cur->slice == 0) {
        cur->slice = K_TIME_SLICE_TICKS;
        if (cur->next) {  // round-robin among equal priorities
            ready_remove(cur);
            ready_add(cur, false);
        }
    }
    request_switch();
}

extern "C" {

uint64_t k_now_us(void) {
    static k_div_cache us;  // cycles / kCyclesPerUs without a 64-bit division (div_cache.h)
    IrqLock lock;
    return k_div_cached(&us, k_arch_timer_now(), kCyclesPerUs);
}

void k_timer_stats(k_timer_stats_t* s) {
    IrqLock lock;
    s->interrupts = timer_irqs;
    s->idle_interrupts = idle_timer_irqs;
}

int k_thread_create(k_thread* t, const char* name, int prio, void* stack, size_t stack_size,
                    void* (*entry)(void*), void* arg) {
    if (!t || !entry || !stack || stack_size < K_MIN_STACK_SIZE || prio < K_PRIO_IDLE ||
        prio > K_PRIO_MAX || (reinterpret_cast<uintptr_t>(stack) & 7u))
        return EINVAL;
    auto* base = static_cast<uint32_t*>(stack);
    size_t words = (stack_size & ~size_t{7}) / 4;
    base[0] = kCanary;
    for (size_t i = 1; i < words; ++i)
        base[i] = kStackFill;

    t->next = t->prev = t->tnext = t->tprev = nullptr;
    t->queue = nullptr;
    t->in_timeouts = 0;
    t->name = name ? name : "thread";
    t->stack_base = base;
    t->stack_size = stack_size;
    t->entry = entry;
    t->arg = arg;
    t->retval = nullptr;
    t->held = nullptr;
    t->waiting_mutex = nullptr;
    t->joiners.head = nullptr;
    t->wake_result = 0;
    t->slice = K_TIME_SLICE_TICKS;
    t->base_prio = t->prio = static_cast<uint8_t>(prio);
    t->detached = 0;
    k_arch_thread_init(t, thread_entry);

    IrqLock lock;
    t->all_next = all_threads;
    all_threads = t;
    t->state = K_STATE_READY;
    ready_add(t, false);
    request_switch();
    return 0;
}

void k_thread_exit(void* retval) {
    IrqLock lock;
    k_thread* t = k_current;
    t->retval = retval;
    ready_remove(t);
    t->state = K_STATE_EXITED;
    if (t->detached) {
        t->next = zombies;
        zombies = t;
        k_sem_post(&zombie_sem);
    } else {
        while (t->joiners.head)
            wake(t->joiners.head, 0);
    }
    wait_switch();
    board_panic("exited thread resumed", BOARD_EXIT_PANIC);
}

int k_thread_join(k_thread* t, void** retval) {
    IrqLock lock;
    if (t == k_current)
        return EDEADLK;
    if (t->detached || t->state == K_STATE_UNUSED)
        return EINVAL;
    while (t->state != K_STATE_EXITED) {
        enqueue_current(&t->joiners, K_FOREVER);
        wait_switch();
    }
    if (retval)
        *retval = t->retval;
    unlink_all(t);
    t->state = K_STATE_UNUSED;
    return 0;
}

int k_thread_detach(k_thread* t) {
    IrqLock lock;
    if (t->detached || t->state == K_STATE_UNUSED)
        return EINVAL;
    t->detached = 1;
    if (t->state == K_STATE_EXITED) {
        t->next = zombies;
        zombies = t;
        k_sem_post(&zombie_sem);
    }
    return 0;
}

k_thread* k_zombie_take(void) {
    k_sem_wait(&zombie_sem, K_FOREVER);
    IrqLock lock;
    k_thread* t = zombies;
    zombies = t->next;
    t->next = nullptr;
    unlink_all(t);
    t->state = K_STATE_UNUSED;
    return t;
}

k_thread* k_self(void) {
    return k_current;
}

int k_started(void) {
    return started;
}

void k_yield(void) {
    IrqLock lock;
    k_thread* t = k_current;
    if (t->next) {
        ready_remove(t);
        ready_add(t, false);
    }
    request_switch();
}

void k_thread_set_priority(k_thread* t, int prio) {
    if (prio < K_PRIO_MIN)
        prio = K_PRIO_MIN;
    if (prio > K_PRIO_MAX)
        prio = K_PRIO_MAX;
    IrqLock lock;
    t->base_prio = static_cast<uint8_t>(prio);
    recompute_priority(t);
    request_switch();
}

void k_sleep_until(uint64_t deadline_us) {
    IrqLock lock;
    if (enqueue_current(nullptr, deadline_us) == 0)
        wait_switch();
}

void k_sleep_us(uint64_t us) {
    k_sleep_until(k_now_us() + us);
}

size_t k_stack_used(const k_thread* t) {
    size_t words = t->stack_size / 4;
    size_t i = (k_arch_stack_guard_end(t) - reinterpret_cast<uintptr_t>(t->stack_base)) / 4;
    while (i < words && t->stack_base[i] == kStackFill)
        ++i;
    return (words - i) * 4;
}

int k_stack_guard_hit(const k_thread* t, uintptr_t addr) {
    return k_arch_stack_guard_hit(t, addr);
}

void k_stack_overflow(const k_thread* t) {
    stack_overflow(t);
}

void k_irq_check_isr(void) {
    if (k_arch_isr_too_urgent())
        k_irq_too_urgent();
}

void k_irq_too_urgent(void) {
    __asm__ volatile("" ::: "memory");
    unsigned e = k_arch_active_exception();
    board_console_puts("\r\n*** kernel called from exception ");
    board_console_put_dec(e);
    board_console_puts(" (IRQ ");
    board_console_put_dec(e >= 16 ? e - 16 : 0);
    board_console_puts(") at priority ");
    board_console_put_dec(
        static_cast<uint64_t>(k_arch_exception_priority(e) < 0 ? 0 : k_arch_exception_priority(e)));
    board_console_puts(", above the kernel's mask (K_IRQ_PRIO_KERNEL ");
    board_console_put_dec(K_IRQ_PRIO_KERNEL);
    board_console_puts("): such handlers must not call the kernel");
    board_panic("kernel call from a zero-latency interrupt", BOARD_EXIT_PANIC);
}

size_t k_thread_foreach(void (*fn)(const k_thread_info* info, void* ctx), void* ctx) {
    // One thread at a time is copied under the lock (name included: a joined thread's record
    // may be freed meanwhile), and fn runs unlocked, so it may print or even block.
    size_t n = 0;
    for (;; ++n) {
        char name[16];
        k_thread_info info{};
        {
            IrqLock lock;
            k_thread* t = all_threads;
            for (size_t i = 0; t && i < n; ++i)
                t = t->all_next;
            if (!t)
                break;
            size_t len = 0;
            for (; t->name && t->name[len] && len + 1 < sizeof name; ++len)
                name[len] = t->name[len];
            name[len] = 0;
            info = k_thread_info{name,     t->prio,       t->base_prio,
                                 t->state, t->stack_size, k_stack_used(t)};
        }
        fn(&info, ctx);
    }
    return n;
}

void k_print_threads(void) {
    static const char* const states[] = {"unused", "ready", "blocked", "exited"};
    board_console_puts("name             prio state    stack used/size\r\n");
    k_thread_foreach(
        [](const k_thread_info* i, void*) {
            board_console_puts(i->name);
            size_t len = 0;
            while (i->name[len])
                ++len;
            for (size_t n = len; n < 17; ++n)
                board_console_puts(" ");
            board_console_put_dec(static_cast<uint64_t>(i->prio));
            board_console_puts(i->prio < 10 ? "    " : "   ");
            board_console_puts(states[i->state & 3]);
            board_console_puts(i->state == K_STATE_BLOCKED ? "  " : "    ");
            board_console_put_dec(i->stack_used);
            board_console_puts("/");
            board_console_put_dec(i->stack_size);
            board_console_puts("\r\n");
        },
        nullptr);
}

void k_start(k_thread* main_thread, void* stack, size_t stack_size, void* (*entry)(void*),
             void* arg) {
    k_arch_irq_lock();
    k_thread_create(&idle_thread, "idle", K_PRIO_IDLE, idle_stack, sizeof idle_stack, idle_entry,
                    nullptr);
    k_thread_create(main_thread, "main", K_PRIO_DEFAULT, stack, stack_size, entry, arg);
    started = true;
    k_current = nullptr;  // PendSV saves nothing for the boot context
    k_arch_start();
}

}  // extern "C"

extern "C" const char* k_thread_state_name(int state) {
    switch (state) {
        case K_STATE_READY:
            return "ready";
        case K_STATE_BLOCKED:
            return "blocked";
        case K_STATE_EXITED:
            return "exited";
        default:
            return "?";
    }
}
