/* Fault handlers: print the fault status registers, the stacked frame and the faulting thread,
 * then exit QEMU with BOARD_EXIT_FAULT. C because it runs with no runtime guarantees. */
#include <stdint.h>

#include "board/board.h"
#include "kernel/kernel.h"

#define SCB_CFSR (*(volatile uint32_t*)0xE000ED28u)
#define SCB_HFSR (*(volatile uint32_t*)0xE000ED2Cu)
#define SCB_MMFAR (*(volatile uint32_t*)0xE000ED34u)
#define SCB_BFAR (*(volatile uint32_t*)0xE000ED38u)

void board_fault_report(const uint32_t* frame, uint32_t exc_return);

/* Picks the stack the exception frame was pushed to (EXC_RETURN bit 2) and hands it to C. */
__attribute__((naked)) void HardFault_Handler(void) {
    __asm__ volatile(
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "mov r1, lr\n"
        "b board_fault_report\n");
}

void MemManage_Handler(void) __attribute__((alias("HardFault_Handler")));
void BusFault_Handler(void) __attribute__((alias("HardFault_Handler")));
void UsageFault_Handler(void) __attribute__((alias("HardFault_Handler")));
void NMI_Handler(void) __attribute__((alias("HardFault_Handler")));
void SVC_Handler(void) __attribute__((alias("HardFault_Handler")));
void DebugMon_Handler(void) __attribute__((alias("HardFault_Handler")));

static void field(const char* name, uint32_t v) {
    board_console_puts(name);
    board_console_put_hex(v);
}

#define MMFSR_MSTKERR (1u << 4)
#define MMFSR_MLSPERR (1u << 5)
#define MMFSR_MMARVALID (1u << 7)

void board_fault_report(const uint32_t* frame, uint32_t exc_return) {
    __asm__ volatile("cpsid i" ::: "memory");
    const k_thread* t = k_started() ? k_self() : 0;
    uint32_t cfsr = SCB_CFSR;
    /* A thread ran into its MPU stack guard (or its exception frame did): name it. */
    if (t && (exc_return & 4u) &&
        ((cfsr & (MMFSR_MSTKERR | MMFSR_MLSPERR)) ||
         ((cfsr & MMFSR_MMARVALID) && k_stack_guard_hit(t, SCB_MMFAR)))) {
        board_console_puts("\r\n*** MPU stack guard hit");
        k_stack_overflow(t);
    }
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    board_console_puts("\r\n*** fault: exception ");
    board_console_put_dec(ipsr & 0x1FF);
    board_console_puts(" in thread '");
    board_console_puts(t && t->name ? t->name : "?");
    board_console_puts("'");
    if ((exc_return & 4u) == 0)
        board_console_puts(" (handler mode)");
    field("\r\nCFSR ", cfsr);
    field(" HFSR ", SCB_HFSR);
    field(" MMFAR ", SCB_MMFAR);
    field(" BFAR ", SCB_BFAR);
    field("\r\nr0 ", frame[0]);
    field(" r1 ", frame[1]);
    field(" r2 ", frame[2]);
    field(" r3 ", frame[3]);
    field("\r\nr12 ", frame[4]);
    field(" lr ", frame[5]);
    field(" pc ", frame[6]);
    field(" xpsr ", frame[7]);
    board_console_puts("\r\n");
    board_exit(BOARD_EXIT_FAULT);
}
