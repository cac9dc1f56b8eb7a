/* Sampling profiler support: CMSDK timer0 interrupts at a fixed period and hands the interrupted
 * program counter to a sink (bench/mcu/prof.cpp builds a histogram from it). Under QEMU -icount
 * the period is a fixed number of guest instructions, so the samples divide the instructions
 * executed between functions. The interrupt runs at priority 0, above the kernel's BASEPRI mask,
 * so kernel critical sections are sampled like any other code; the sink must not call the kernel.
 * Only images that call board_prof_start() link this file; in them its vector replaces timer0's
 * default entry (board/common/startup.c). */
#include <stdint.h>

#include "board/board.h"

struct cmsdk_timer {
    volatile uint32_t ctrl; /* bit 0 enable, bit 3 interrupt enable */
    volatile uint32_t value;
    volatile uint32_t reload;
    volatile uint32_t intstatus; /* write 1 to clear */
};
#define PROF_TIMER ((struct cmsdk_timer*)0x40000000u) /* timer0: BOARD_IRQ_PROF */

static void (*volatile prof_sink)(uint32_t pc, uint32_t lr);

/* Called by the vector below with the stacked PC and LR of the interrupted code. */
void board_prof_sample(uint32_t pc, uint32_t lr);
void board_prof_sample(uint32_t pc, uint32_t lr) {
    PROF_TIMER->intstatus = 1;
    void (*sink)(uint32_t, uint32_t) = prof_sink;
    if (sink)
        sink(pc, lr);
}

/* The vector itself: naked, so the exception frame is exactly where MSP or PSP points (bit 2 of
 * EXC_RETURN says which); the frame's LR and PC are at offsets 20 and 24 with or without FP
 * state. */
__attribute__((naked)) void board_prof_vector(void) {
    __asm__ volatile(
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "ldr r1, [r0, #20]\n"
        "ldr r0, [r0, #24]\n"
        "b board_prof_sample\n");
}

int board_prof_start(uint32_t period_cycles, void (*sink)(uint32_t pc, uint32_t lr)) {
    if (period_cycles < 16 || !sink)
        return -1;
    board_prof_stop();
    prof_sink = sink;
    PROF_TIMER->reload = period_cycles - 1;
    PROF_TIMER->value = period_cycles - 1;
    PROF_TIMER->intstatus = 1;
    board_irq_enable(BOARD_IRQ_PROF, 0);
    PROF_TIMER->ctrl = 1u | 8u;
    return 0;
}

void board_prof_stop(void) {
    PROF_TIMER->ctrl = 0;
    board_irq_disable(BOARD_IRQ_PROF);
    PROF_TIMER->intstatus = 1;
    prof_sink = 0;
}
