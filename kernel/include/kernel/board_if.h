/* The board services the kernel calls: declared here, by the layer that needs them, and
 * implemented by every board (board/common, board/<name>), so the kernel never includes a board
 * header and a new board knows exactly what it must provide. The board's own API (board/board.h)
 * includes this file; nothing else of the board is visible to the kernel.
 *
 * The tick source's clock is not asked of the board at run time: board/<name>/board.cmake sets
 * it (MCUSTD_BOARD_SYSTICK_HZ, MCUSTD_BOARD_SYSTICK_CPU_CLOCK) and the kernel compiles with it as
 * K_ARCH_TIMER_HZ / K_ARCH_TIMER_CPU_CLOCK (kernel/CMakeLists.txt). */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Console output, polled and safe from any context (the kernel reports fatal conditions and
 * `ps` through it). */
void board_console_puts(const char* s);
void board_console_put_dec(uint64_t v);

/* Ends the program with this exit code (QEMU: semihosting SYS_EXIT_EXTENDED). */
__attribute__((noreturn)) void board_exit(int code);
/* Reports a fatal condition (message on the console), then board_exit(code). */
__attribute__((noreturn)) void board_panic(const char* what, int code);

/* Exit codes used by the board and the kernel for fatal conditions. */
#define BOARD_EXIT_FAULT 120
#define BOARD_EXIT_STACK_OVERFLOW 121
#define BOARD_EXIT_PANIC 122

#ifdef __cplusplus
}
#endif
