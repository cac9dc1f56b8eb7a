/* QEMU netduinoplus2: STM32F405RG (Cortex-M4F, 168 MHz), the STM32F4 family the talk ran on
 * (its STM32F4Discovery has the F407). What the shared board code and the kernel's
 * architecture part need to know about it. */
#pragma once

#define BOARD_NAME "netduinoplus2"
/* SYSCLK/HCLK as QEMU's STM32F405 model runs it (and as a PLL from the 8 MHz crystal would). */
#define BOARD_CPU_HZ 168000000u
/* SysTick on its external reference, HCLK/8 = 21 MHz (CLKSOURCE=0): 24 bits reach 0.8 s, where
 * the 168 MHz core clock would reach only 0.1 s of tickless idle. */
#define BOARD_SYSTICK_HZ 21000000u
#define BOARD_SYSTICK_CPU_CLOCK 0

/* External interrupts: the STM32F405 has 82; QEMU's NVIC models 96. */
#define BOARD_IRQ_COUNT 82
#define BOARD_IRQ_CONSOLE_RX 37 /* USART1 (all of its events share the line) */
/* IRQ lines no device drives under QEMU (EXTI1, EXTI2: its GPIO is a placeholder), for tests
 * that raise them from software (NVIC STIR). */
#define BOARD_IRQ_SOFT_A 7
#define BOARD_IRQ_SOFT_B 8
