/* QEMU mps2-an386 (Cortex-M4F, AN386 FPGA image): what the shared board code and the kernel's
 * architecture part need to know about this machine. */
#pragma once

#define BOARD_NAME "mps2-an386"
/* Core clock (CMSDK timers and SysTick's CLKSOURCE=1 run from it). */
#define BOARD_CPU_HZ 25000000u
/* SysTick on the 1 MHz reference clock (CLKSOURCE=0): 1 us per count, and its 24 bits reach
 * 16.7 s, so an idle system sleeps to any deadline within that in one interrupt. */
#define BOARD_SYSTICK_HZ 1000000u
#define BOARD_SYSTICK_CPU_CLOCK 0

/* External interrupts wired on this machine (QEMU hw/arm/mps2.c). */
#define BOARD_IRQ_COUNT 32
#define BOARD_IRQ_CONSOLE_RX 0 /* CMSDK UART0 RX */
#define BOARD_IRQ_UART0_RX BOARD_IRQ_CONSOLE_RX
#define BOARD_IRQ_TIMER0 8 /* CMSDK timer0 (0x40000000) */
#define BOARD_IRQ_TIMER1 9 /* CMSDK timer1 (0x40001000) */
#define BOARD_IRQ_LAN9118 13
/* An IRQ line no device drives, for tests that raise it from software (NVIC STIR). */
#define BOARD_IRQ_SOFT_A 5
#define BOARD_IRQ_SOFT_B 6
