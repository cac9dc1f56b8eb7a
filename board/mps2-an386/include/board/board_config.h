/* QEMU mps2-an386 (Cortex-M4F, AN386 FPGA image): what the shared board code needs to know about
 * this machine. */
#pragma once

#define BOARD_NAME "mps2-an386"
/* Clocks (BOARD_CPU_HZ, the SysTick rate and source) are in board.cmake: the kernel gets them as
 * compile definitions, never through this header. */

/* External interrupts wired on this machine (QEMU hw/arm/mps2.c). */
#define BOARD_IRQ_COUNT 32
#define BOARD_IRQ_CONSOLE_RX 0 /* CMSDK UART0 RX */
#define BOARD_IRQ_UART0_RX BOARD_IRQ_CONSOLE_RX
#define BOARD_IRQ_TIMER0 8 /* CMSDK timer0 (0x40000000) */
#define BOARD_IRQ_TIMER1 9 /* CMSDK timer1 (0x40001000) */
/* The sampling profiler's timer (prof.c): its vector entry is board_prof_vector. */
#define BOARD_IRQ_PROF BOARD_IRQ_TIMER0
#define BOARD_IRQ_LAN9118 13
/* An IRQ line no device drives, for tests that raise it from software (NVIC STIR). */
#define BOARD_IRQ_SOFT_A 5
#define BOARD_IRQ_SOFT_B 6
