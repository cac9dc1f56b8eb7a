/* Declarations shared between the common ARMv7-M board code (common/) and each board. */
#pragma once

#include <stddef.h>

/* The board's: clocks and the console UART (RX interrupt on), before the kernel starts. */
void board_early_init(void);
/* The board's: polled transmit of len bytes on the console UART, safe from any context. */
void board_uart_tx(const char* data, size_t len);
/* Common: the console UART's RX interrupt hands each received byte to the console ring. */
void board_console_rx_byte(char c);
void board_irq_dispatch(void);
