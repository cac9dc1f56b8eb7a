/* ARMv7-M (Cortex-M3/M4/M7) inline part of the architecture interface (kernel/arch.h).
 * Kernel critical sections raise BASEPRI to K_ARCH_BASEPRI: exceptions at that priority value
 * or less urgent (device IRQs K_IRQ_PRIO_KERNEL.., SysTick, PendSV) wait; more urgent ones run. */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Priority levels offered to drivers: the top 3 bits of the 8-bit NVIC field, which every
 * ARMv7-M part implements (STM32F4 has 4, QEMU 8). */
#define K_IRQ_PRIO_LEVELS 8u
#ifndef K_IRQ_PRIO_KERNEL
#define K_IRQ_PRIO_KERNEL 2u /* 0 and 1: zero-latency, never masked, must not call the kernel */
#endif
#define K_ARCH_NVIC_PRIO(level) ((uint8_t)((level) << 5))
#define K_ARCH_BASEPRI K_ARCH_NVIC_PRIO(K_IRQ_PRIO_KERNEL)

/* The tick source: SysTick, a 24-bit down-counter, on the clock the board says: K_ARCH_TIMER_HZ
 * is a compile definition from the board's board.cmake (kernel/CMakeLists.txt), so this layer
 * includes no board header. */
#ifndef K_ARCH_TIMER_HZ
#error "K_ARCH_TIMER_HZ: defined by kernel/CMakeLists.txt from the board's board.cmake"
#endif
#define K_ARCH_TIMER_MAX_CYCLES (1u << 24)

static inline __attribute__((always_inline)) uint32_t k_arch_irq_lock(void) {
    uint32_t old;
    /* BASEPRI_MAX only ever raises the mask: nesting inside a more restrictive section is safe. */
    __asm__ volatile("mrs %0, basepri\n msr basepri_max, %1\n isb"
                     : "=&r"(old)
                     : "r"((uint32_t)K_ARCH_BASEPRI)
                     : "memory");
    return old;
}

static inline __attribute__((always_inline)) void k_arch_irq_unlock(uint32_t key) {
    __asm__ volatile("msr basepri, %0\n isb" ::"r"(key) : "memory");
}

static inline int k_arch_irq_locked(void) {
    uint32_t basepri, primask;
    __asm__ volatile("mrs %0, basepri\n mrs %1, primask" : "=r"(basepri), "=r"(primask));
    return primask != 0 || (basepri != 0 && basepri <= K_ARCH_BASEPRI);
}

static inline __attribute__((always_inline)) int k_arch_in_isr(void) {
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    return ipsr != 0;
}

static inline void k_arch_pend_switch(void) {
    *(volatile uint32_t*)0xE000ED04u = 1u << 28; /* ICSR.PENDSVSET */
}

static inline void k_arch_switch_window(void) {
    /* PendSV (lowest priority) is taken between the two writes; the thread continues after the
     * second one when it is switched back in, with the lock held again. */
    __asm__ volatile("msr basepri, %0\n isb\n msr basepri, %1\n isb" ::"r"(0u),
                     "r"((uint32_t)K_ARCH_BASEPRI)
                     : "memory");
}

#ifdef __cplusplus
}
#endif
