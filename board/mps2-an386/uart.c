/* mps2-an386's console: CMSDK APB UART0 (QEMU's first -serial), polled TX, RX interrupt. */
#include <stdint.h>

#include "board/board.h"
#include "board_internal.h"

typedef struct {
    volatile uint32_t data;
    volatile uint32_t state;     /* bit0 TX full, bit1 RX full */
    volatile uint32_t ctrl;      /* bit0 TX en, bit1 RX en, bit3 RX irq en */
    volatile uint32_t intstatus; /* write 1 to clear */
    volatile uint32_t bauddiv;
} cmsdk_uart;

#define UART0 ((cmsdk_uart*)0x40004000u)
#define STATE_TX_FULL 1u
#define STATE_RX_FULL 2u
#define CTRL_TX_EN 1u
#define CTRL_RX_EN 2u
#define CTRL_RX_IRQ_EN 8u
#define INT_RX 2u

static void uart0_rx_isr(void) {
    /* Clear the interrupt BEFORE draining: a byte that lands after the last RX_FULL check then
       raises it again. Clearing after the loop could swallow that byte's interrupt, leaving the
       holding register full and QEMU (which delivers no more until it is read) silent for good. */
    UART0->intstatus = INT_RX;
    while (UART0->state & STATE_RX_FULL)
        board_console_rx_byte((char)UART0->data);
}

/* The clocks are fixed on this FPGA image: only the console needs starting. */
void board_early_init(void) {
    UART0->bauddiv = 16;
    UART0->ctrl = CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_IRQ_EN;
    board_irq_set_handler(BOARD_IRQ_CONSOLE_RX, uart0_rx_isr);
    board_irq_enable(BOARD_IRQ_CONSOLE_RX, 6);
}

void board_uart_tx(const char* data, size_t len) {
    for (size_t i = 0; i < len; ++i) {
        while (UART0->state & STATE_TX_FULL) {
        }
        UART0->data = (uint8_t)data[i];
    }
}
