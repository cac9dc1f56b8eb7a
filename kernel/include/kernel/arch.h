/* The kernel's architecture interface: everything the portable core (sched.cpp, sync.cpp) needs
 * from the CPU, and nothing else. One implementation today, kernel/arch/armv7-m/; its inline
 * part (interrupt masking, switch requests) is kernel/arch_cpu.h on the include path.
 *
 * Interrupt priorities: board_irq_enable() takes 0 (most urgent) .. K_IRQ_PRIO_LEVELS - 1.
 * Interrupts at priorities 0 .. K_IRQ_PRIO_KERNEL - 1 are never masked by the kernel (its
 * critical sections raise BASEPRI, not PRIMASK), so their latency does not depend on what the
 * kernel is doing; in exchange they must not call the kernel: any kernel critical section
 * entered from one is reported and stops the system (k_irq_save). */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct k_thread;

/* ---- implemented by the architecture ---- */

/* Interrupt masking (inline, in arch_cpu.h):
 *   uint32_t k_arch_irq_lock(void)       masks kernel-aware interrupts, returns the old state
 *   void k_arch_irq_unlock(uint32_t key) restores it
 *   int k_arch_irq_locked(void)          non-zero inside a kernel critical section
 *   int k_arch_in_isr(void)              non-zero in any exception handler
 *   void k_arch_pend_switch(void)        asks for a context switch once the lock is released
 *   void k_arch_switch_window(void)      opens the lock just long enough for that switch */

/* Non-zero when the running exception handler is more urgent than the kernel's mask. */
int k_arch_isr_too_urgent(void);
/* Exception number of the running handler (0 in thread mode) and its priority (0..levels-1;
 * negative for NMI and HardFault), for the report. */
unsigned k_arch_active_exception(void);
int k_arch_exception_priority(unsigned exception);

/* Builds t's initial frame on its stack so that the first switch to it calls entry(t). */
void k_arch_thread_init(struct k_thread* t, void (*entry)(struct k_thread*));
/* Makes t's stack guard the active one (MPU no-access region just above the canary). */
void k_arch_stack_guard(const struct k_thread* t);
/* Lowest address above the stack's canary that is not the guard region. */
uintptr_t k_arch_stack_guard_end(const struct k_thread* t);
int k_arch_stack_guard_hit(const struct k_thread* t, uintptr_t addr);
/* Sets exception priorities, enables the MPU and the tick source, and switches to the first
 * ready thread. Called with interrupts masked; never returns. */
__attribute__((noreturn)) void k_arch_start(void);
/* Called by the idle thread with the kernel lock held (key): sleeps until an interrupt is
 * pending, then releases the lock so that it runs. No wake-up is lost in between. */
void k_arch_idle(uint32_t key);

/* Tick source: a free-running 64-bit count of K_ARCH_TIMER_HZ cycles and one programmable
 * interrupt. Both with the kernel lock held. */
uint64_t k_arch_timer_now(void);

/* When the next timer interrupt comes, on the k_arch_timer_now() scale. */
uint64_t k_arch_timer_next(void);
/* The next timer interrupt in `cycles` (clamped to 2 .. K_ARCH_TIMER_MAX_CYCLES) from now; it
 * then repeats with that period until programmed again. */
void k_arch_timer_set(uint32_t cycles);

/* ---- implemented by the core, called by the architecture ---- */
/* PendSV: the outgoing thread's context is saved; returns the thread to resume. */
struct k_thread* k_switch(void);
/* The tick source's interrupt. */
void k_timer_isr(void);

#ifdef __cplusplus
}
#endif

#include "kernel/arch_cpu.h"
