// Zero-latency interrupts (priority < K_IRQ_PRIO_KERNEL) are never masked by the kernel, so they
// must not call it: a k_sem_post from one is reported by name and stops the system instead of
// corrupting the kernel's lists. A kernel-aware interrupt (priority K_IRQ_PRIO_KERNEL) may.
#include "ktest.hpp"

namespace {
k_sem sem;

void post_isr() {
    k_sem_post(&sem);
}

void trigger(unsigned irqn) {
    *reinterpret_cast<volatile uint32_t*>(0xE000EF00u) = irqn;  // NVIC STIR
    __asm__ volatile("dsb\n isb" ::: "memory");
}
}  // namespace

int main() {
    board_irq_set_handler(BOARD_IRQ_SOFT_A, post_isr);
    board_irq_enable(BOARD_IRQ_SOFT_A, K_IRQ_PRIO_KERNEL);
    trigger(BOARD_IRQ_SOFT_A);
    KCHECK(k_sem_trywait(&sem) == 0);  // the kernel-aware handler's post arrived
    ktest::say("kernel-aware IRQ posted\r\n");

    board_irq_set_handler(BOARD_IRQ_SOFT_B, post_isr);
    board_irq_enable(BOARD_IRQ_SOFT_B, K_IRQ_PRIO_KERNEL - 1);
    trigger(BOARD_IRQ_SOFT_B);  // reported: exits with BOARD_EXIT_PANIC
    ktest::say("FAIL: a kernel call from a zero-latency IRQ went through\r\n");
    board_exit(1);
}
