/* Board-private declarations shared between the board's source files. */
#pragma once

void board_uart_init(void);
void board_irq_dispatch(void);
