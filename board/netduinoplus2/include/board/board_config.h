/* QEMU netduinoplus2: STM32F405RG (Cortex-M4F, 168 MHz), the STM32F4 family the talk ran on
 * (its STM32F4Discovery has the F407). What the shared board code needs to know about it. */
#pragma once

#define BOARD_NAME "netduinoplus2"
/* Clocks (BOARD_CPU_HZ, the SysTick rate and source) are in board.cmake: the kernel gets them as
 * compile definitions, never through this header. */

/* External interrupts: the STM32F405 has 82; QEMU's NVIC models 96. */
#define BOARD_IRQ_COUNT 82
#define BOARD_IRQ_CONSOLE_RX 37 /* USART1 (all of its events share the line) */
/* IRQ lines no device drives under QEMU (EXTI1, EXTI2: its GPIO is a placeholder), for tests
 * that raise them from software (NVIC STIR). */
#define BOARD_IRQ_SOFT_A 7
#define BOARD_IRQ_SOFT_B 8
