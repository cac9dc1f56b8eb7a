// Scheduler: ready lists per priority, timeouts, SysTick, thread lifecycle.
#include <errno.h>
#include <reent.h>

#include "internal.hpp"
#include "kernel/board_if.h"

extern "C" {
k_thread* k_current;  // read by PendSV_Handler and __aeabi_read_tp
k_thread* k_switch(void);
void SysTick_Handler(void);
}

namespace {

constexpr uint32_t kStackFill = 0xA5A5A5A5u;
constexpr uint32_t kCanary = 0xDEADC0DEu;
constexpr uint32_t kTickLoad = K_CPU_HZ / K_TICK_HZ - 1;
constexpr uint32_t kCyclesPerUs = K_CPU_HZ / 1000000u;

volatile uint32_t& reg(uint32_t addr) {
    return *reinterpret_cast<volatile uint32_t*>(addr);
}
constexpr uint32_t kSystCsr = 0xE000E010u, kSystRvr = 0xE000E014u, kSystCvr = 0xE000E018u;
constexpr uint32_t kIcsr = 0xE000ED04u, kShpr3 = 0xE000ED20u;
constexpr uint32_t kPendSvSet = 1u << 28, kPendStSet = 1u << 26;

k_waitq ready[K_PRIO_MAX + 1];
uint32_t ready_mask;
k_thread* timeouts;  // sorted by deadline
k_thread* all_threads;
volatile uint64_t ticks;
bool started;

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

void* idle_entry(void*) {
    for (;;)
        __asm__ volatile("wfi");
}

// MPU guard: a no-access region of kGuardSize bytes just above the canary word of the running
// thread's stack, so that an overflow faults at the first access (reported by the fault
// handler by name) instead of corrupting memory until the next canary check.
constexpr uint32_t kGuardSize = 64;  // a power of two, >= 32 (the MPU's minimum)
constexpr uint32_t kMpuCtrl = 0xE000ED94u, kMpuRnr = 0xE000ED98u, kMpuRbar = 0xE000ED9Cu,
                   kMpuRasr = 0xE000EDA0u;

uintptr_t guard_of(const k_thread* t) {
    return (reinterpret_cast<uintptr_t>(t->stack_base) + 4 + kGuardSize - 1) & ~(kGuardSize - 1);
}

void mpu_guard(const k_thread* t) {
    reg(kMpuRnr) = 0;
    reg(kMpuRbar) = static_cast<uint32_t>(guard_of(t));
    // XN, AP=000 (no access, privileged included), SIZE=log2(kGuardSize)-1, enable.
    reg(kMpuRasr) =
        (1u << 28) | ((31u - static_cast<uint32_t>(__builtin_clz(kGuardSize)) - 1u) << 1) | 1u;
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
        reg(kIcsr) = kPendSvSet;
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
    // once woken, with interrupts disabled again.
    __asm__ volatile("cpsie i\n isb\n cpsid i" ::: "memory");
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
        recompute_priority(m->owner);
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
    __asm__ volatile("cpsid i" ::: "memory");
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
    if (next != prev)
        next->slice = K_TIME_SLICE_TICKS;
    if (next != prev)
        mpu_guard(next);
    k_current = next;
    _impure_ptr = next->reent ? next->reent : _global_impure_ptr;
    return next;
}

extern "C" void SysTick_Handler(void) {
    IrqLock lock;
    ticks = ticks + 1;
    uint64_t now = k_now_us();
    while (timeouts && timeouts->deadline <= now)
        wake(timeouts, ETIMEDOUT);
    k_thread* cur = k_current;
    if (!cur)
        return;  // a tick before the first switch (k_start enables SysTick first)
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
    IrqLock lock;
    uint64_t t = ticks;
    uint32_t val = reg(kSystCvr);
    if (reg(kIcsr) & kPendStSet) {  // wrapped but the tick is not yet counted
        val = reg(kSystCvr);
        ++t;
    }
    return t * (1000000u / K_TICK_HZ) + (kTickLoad - val) / kCyclesPerUs;
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

    // Initial frame as PendSV_Handler restores it: r4-r11, EXC_RETURN, then the hardware frame
    // r0-r3, r12, lr, pc, xpsr. EXC_RETURN 0xFFFFFFFD: thread mode, PSP, no FP context yet.
    uint32_t* sp = base + words - 17;
    for (int i = 0; i < 8; ++i)
        sp[i] = 0;
    sp[8] = 0xFFFFFFFDu;
    sp[9] = reinterpret_cast<uint32_t>(t);  // r0
    sp[10] = sp[11] = sp[12] = sp[13] = 0;  // r1-r3, r12
    sp[14] = 0;                             // lr: thread_entry never returns
    sp[15] = reinterpret_cast<uint32_t>(&thread_entry) & ~1u;
    sp[16] = 0x01000000u;  // xPSR: Thumb

    t->sp = sp;
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
    size_t i = (guard_of(t) + kGuardSize - reinterpret_cast<uintptr_t>(t->stack_base)) / 4;
    while (i < words && t->stack_base[i] == kStackFill)
        ++i;
    return (words - i) * 4;
}

int k_stack_guard_hit(const k_thread* t, uintptr_t addr) {
    return t && t->stack_base && addr - guard_of(t) < kGuardSize;
}

void k_stack_overflow(const k_thread* t) {
    stack_overflow(t);
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
    __asm__ volatile("cpsid i" ::: "memory");
    k_thread_create(&idle_thread, "idle", K_PRIO_IDLE, idle_stack, sizeof idle_stack, idle_entry,
                    nullptr);
    k_thread_create(main_thread, "main", K_PRIO_DEFAULT, stack, stack_size, entry, arg);
    // PendSV lowest, SysTick just above it; device IRQs (board) are more urgent.
    reg(kShpr3) = (reg(kShpr3) & 0x0000FFFFu) | (0xE0u << 24) | (0xFFu << 16);
    reg(kSystRvr) = kTickLoad;
    reg(kSystCvr) = 0;
    reg(kSystCsr) = 7;  // core clock, interrupt, enable
    reg(kMpuCtrl) = 5;  // enable, with the default memory map for privileged code (PRIVDEFENA)
    __asm__ volatile("dsb\n isb" ::: "memory");
    started = true;
    k_current = nullptr;  // PendSV saves nothing for the boot context
    reg(kIcsr) = kPendSvSet;
    __asm__ volatile("cpsie i\n isb" ::: "memory");
    for (;;)
        __asm__ volatile("wfi");
}

}  // extern "C"
