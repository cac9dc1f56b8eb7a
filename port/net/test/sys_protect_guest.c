/* lwIP's sys_arch_protect is the kernel's critical section: inside it a kernel-aware interrupt
 * (priority K_IRQ_PRIO_KERNEL) waits until the outermost sys_arch_unprotect, while a
 * zero-latency one (priority 0) runs at once. Under a PRIMASK section both would wait. */
#include "board/board.h"
#include "kernel/kernel.h"
#include "lwip/sys.h"

static volatile int urgent_ran, aware_ran;

static void urgent_isr(void) {
    urgent_ran = 1; /* no kernel or lwIP call: it is above the kernel's mask */
}

static void aware_isr(void) {
    aware_ran = 1;
}

static void trigger(unsigned irqn) {
    *(volatile uint32_t*)0xE000EF00u = irqn; /* NVIC STIR */
    __asm__ volatile("dsb\n isb" ::: "memory");
}

static void check(int ok, const char* what) {
    if (!ok) {
        board_console_puts("FAIL net_sys_protect: ");
        board_console_puts(what);
        board_console_puts("\r\n");
        board_exit(1);
    }
}

int main(void) {
    board_irq_set_handler(BOARD_IRQ_SOFT_A, aware_isr);
    board_irq_enable(BOARD_IRQ_SOFT_A, K_IRQ_PRIO_KERNEL);
    board_irq_set_handler(BOARD_IRQ_SOFT_B, urgent_isr);
    board_irq_enable(BOARD_IRQ_SOFT_B, 0);

    sys_prot_t outer = sys_arch_protect();
    check(k_irq_locked(), "sys_arch_protect is not a kernel critical section");
    trigger(BOARD_IRQ_SOFT_A);
    trigger(BOARD_IRQ_SOFT_B);
    check(urgent_ran, "a zero-latency interrupt was masked");
    check(!aware_ran, "a kernel-aware interrupt ran inside the section");
    sys_prot_t inner = sys_arch_protect();
    sys_arch_unprotect(inner);
    check(!aware_ran, "the inner unprotect ended the outer section");
    sys_arch_unprotect(outer);
    check(aware_ran, "the kernel-aware interrupt did not run after the section");
    check(!k_irq_locked(), "the section outlived sys_arch_unprotect");
    board_console_puts("PASS net_sys_protect\r\n");
    return 0;
}
