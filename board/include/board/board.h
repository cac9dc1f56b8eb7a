/* Board API (every board: mps2-an386, netduinoplus2). Used by the kernel and the port, never by
 * apps. C linkage: the vector table, newlib syscalls and lwIP glue call it. What differs per
 * board (clocks, IRQ numbers) is in board/board_config.h, from board/<name>/include/. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "board/board_config.h" /* IRQ numbers of this board */
#include "kernel/board_if.h"    /* what the kernel calls: console, exit, panic, exit codes */

#ifdef __cplusplus
extern "C" {
#endif

/* ---- console: the board's first UART, wired to QEMU's first -serial (stdio) ---- */
/* Polled, safe from any context (threads, ISRs, fault handlers); writes from threads are
 * serialised by a mutex so that one call's bytes stay together. */
void board_console_write(const char* data, size_t len);
/* Blocks the calling thread until at least one byte arrived; returns 1..len bytes.
 * Bytes are received by the UART RX interrupt into a ring buffer. Needs the kernel running. */
size_t board_console_read(char* buf, size_t len);
/* Non-blocking: the number of bytes copied (0 if none are buffered). */
size_t board_console_read_nonblock(char* buf, size_t len);
/* Bytes received and not read yet (poll() on the console reports POLLIN from it). */
size_t board_console_rx_pending(void);
/* fn runs in the RX interrupt after bytes arrived (the VFS wakes the console's pollers). */
void board_console_set_rx_notify(void (*fn)(void));

/* ---- interrupts: external IRQ n (0..BOARD_IRQ_COUNT-1) dispatched through a RAM table ---- */
typedef void (*board_irq_handler)(void);
/* Installs fn (NULL restores the default, which reports an unexpected IRQ). */
void board_irq_set_handler(unsigned irqn, board_irq_handler fn);
/* prio: 0 (most urgent) .. K_IRQ_PRIO_LEVELS - 1 (7, least urgent). Handlers that call the
 * kernel (k_sem_post, ...) need prio >= K_IRQ_PRIO_KERNEL (2); 0 and 1 are zero-latency: the
 * kernel never masks them, and a kernel call from one is reported and stops the system. */
void board_irq_enable(unsigned irqn, unsigned prio);
void board_irq_disable(unsigned irqn);

/* ---- memory: the heap region between the end of .bss and the handler (MSP) stack ---- */
void* board_heap_start(void);
void* board_heap_end(void);
/* All of RAM as the linker script budgets it: statics, main stack, heap region, MSP stack. */
void* board_ram_start(void);
void* board_ram_end(void);
/* The flash region (the linker script's FLASH): nothing writes it while the image runs, so the
 * network stack may send bytes there by reference until they are acknowledged. */
const void* board_flash_start(void);
const void* board_flash_end(void);

/* ---- sampling profiler (boards that define BOARD_IRQ_PROF: mps2-an386) ---- */
/* Calls sink(pc, lr) every period_cycles core clocks (BOARD_CPU_HZ) from a priority-0 interrupt
 * with the program counter and link register it interrupted (in a leaf function, lr is its
 * caller); sink must not call the kernel. 0, or -1 on bad arguments. */
int board_prof_start(uint32_t period_cycles, void (*sink)(uint32_t pc, uint32_t lr));
void board_prof_stop(void);

/* Writes an unsigned number in hex to the console (for fault reports and tests). */
void board_console_put_hex(uint32_t v);

#ifdef __cplusplus
}
#endif
