/* netduinoplus2's console: USART1 (0x40011000, IRQ 37, QEMU's first -serial). Transmit polls
 * TXE (QEMU's USART sends synchronously, so it is always set there); receive interrupts on
 * RXNE, one byte at a time. */
#include <stdint.h>

#include "board/board.h"
#include "board_internal.h"

typedef struct {
    volatile uint32_t sr; /* bit5 RXNE, bit7 TXE */
    volatile uint32_t dr;
    volatile uint32_t brr;
    volatile uint32_t cr1; /* bit2 RE, bit3 TE, bit5 RXNEIE, bit13 UE */
    volatile uint32_t cr2;
    volatile uint32_t cr3;
} stm32_usart;

#define USART1 ((stm32_usart*)0x40011000u)
#define SR_RXNE (1u << 5)
#define SR_TXE (1u << 7)
#define CR1_RE (1u << 2)
#define CR1_TE (1u << 3)
#define CR1_RXNEIE (1u << 5)
#define CR1_UE (1u << 13)

static void usart1_isr(void) {
    while (USART1->sr & SR_RXNE)
        board_console_rx_byte((char)USART1->dr); /* reading DR clears RXNE and the request */
}

/* Clocks: QEMU's STM32F405 runs at 168 MHz from reset and its RCC is a placeholder that reads 0
 * (waiting for HSERDY/PLLRDY would hang), so nothing is programmed here. On silicon this is
 * where HSE (8 MHz), the PLL (M 8, N 336, P 2), 5 flash wait states and the APB prescalers
 * (/4, /2) would be set, and the USART1 clock enabled in RCC_APB2ENR: see board/README.md. */
void board_early_init(void) {
    /* 115200 Bd from PCLK2 = 84 MHz: 84e6 / 115200 = 45.5625 -> mantissa 45, fraction 9. */
    USART1->brr = (45u << 4) | 9u;
    USART1->cr1 = CR1_UE | CR1_TE | CR1_RE | CR1_RXNEIE;
    board_irq_set_handler(BOARD_IRQ_CONSOLE_RX, usart1_isr);
    board_irq_enable(BOARD_IRQ_CONSOLE_RX, 6);
}

void board_uart_tx(const char* data, size_t len) {
    for (size_t i = 0; i < len; ++i) {
        while (!(USART1->sr & SR_TXE)) {
        }
        USART1->dr = (uint8_t)data[i];
    }
}
