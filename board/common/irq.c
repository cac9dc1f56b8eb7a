/* External interrupts (NVIC): one dispatcher in the vector table, handlers in a RAM table. */
#include <stdint.h>

#include "board/board.h"
#include "board_internal.h"
#include "kernel/arch.h"

#define NVIC_ISER ((volatile uint32_t*)0xE000E100u)
#define NVIC_ICER ((volatile uint32_t*)0xE000E180u)
#define NVIC_IPR ((volatile uint8_t*)0xE000E400u)

static board_irq_handler handlers[BOARD_IRQ_COUNT];

void board_irq_dispatch(void) {
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    uint32_t irqn = ipsr - 16;
    board_irq_handler h = irqn < BOARD_IRQ_COUNT ? handlers[irqn] : 0;
    if (!h) {
        board_console_puts("\r\nunexpected IRQ ");
        board_console_put_dec(irqn);
        board_panic("no handler", BOARD_EXIT_FAULT);
    }
    h();
}

#ifdef BOARD_IRQ_PROF
/* The sampling profiler's vector entry: the usual dispatch unless the image links the profiler
 * (board/<name>/prof.c), whose strong definition reads the exception frame exactly as the
 * hardware stacked it, which a C handler behind the dispatcher cannot. */
void board_prof_vector(void) __attribute__((weak, alias("board_irq_dispatch")));
#endif

void board_irq_set_handler(unsigned irqn, board_irq_handler fn) {
    if (irqn < BOARD_IRQ_COUNT)
        handlers[irqn] = fn;
}

void board_irq_enable(unsigned irqn, unsigned prio) {
    if (irqn >= BOARD_IRQ_COUNT)
        return;
    NVIC_IPR[irqn] = K_ARCH_NVIC_PRIO(prio & (K_IRQ_PRIO_LEVELS - 1u));
    NVIC_ISER[irqn / 32] = 1u << (irqn % 32);
}

void board_irq_disable(unsigned irqn) {
    if (irqn >= BOARD_IRQ_COUNT)
        return;
    NVIC_ICER[irqn / 32] = 1u << (irqn % 32);
    __asm__ volatile("dsb\n isb" ::: "memory");
}
