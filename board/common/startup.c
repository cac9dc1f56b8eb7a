/* Vector table and reset shared by the ARMv7-M boards (the IRQ count and the early init are the
 * board's). C because this is the hardware boundary: the reset handler runs before any C++
 * runtime exists. */
#include <stdint.h>
#include <string.h>

#include "board/board.h"
#include "board_internal.h"
#include "kernel/kernel.h"

/* Linker script symbols (board/<name>/<name>.ld). */
extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start__[], __bss_end__[];
extern uint32_t __msp_top[];
extern uint8_t __main_stack_start[], __main_stack_end[];
extern uint8_t __main_tls_start[];
extern void (*__preinit_array_start[])(void), (*__preinit_array_end[])(void);
extern void (*__init_array_start[])(void), (*__init_array_end[])(void);

int main(int argc, char** argv);
void exit(int code) __attribute__((noreturn));

void Reset_Handler(void);
void NMI_Handler(void);
void HardFault_Handler(void); /* fault.c */
void MemManage_Handler(void);
void BusFault_Handler(void);
void UsageFault_Handler(void);
void SVC_Handler(void);
void DebugMon_Handler(void);
void PendSV_Handler(void);  /* kernel */
void SysTick_Handler(void); /* kernel */

#ifdef BOARD_IRQ_PROF
void board_prof_vector(void); /* irq.c: the profiler's timer, see there */
#endif

typedef void (*vector)(void);

__attribute__((section(".vectors"), used)) const vector board_vectors[16 + BOARD_IRQ_COUNT] = {
    (vector)__msp_top,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0,
    0,
    0,
    0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
#ifdef BOARD_IRQ_PROF
    [16 ... 16 + BOARD_IRQ_PROF - 1] = board_irq_dispatch,
    [16 + BOARD_IRQ_PROF] = board_prof_vector,
    [16 + BOARD_IRQ_PROF + 1 ... 16 + BOARD_IRQ_COUNT - 1] = board_irq_dispatch,
#else
    [16 ... 16 + BOARD_IRQ_COUNT - 1] = board_irq_dispatch,
#endif
};

#define SCB_CPACR (*(volatile uint32_t*)0xE000ED88u)
#define FPU_FPCCR (*(volatile uint32_t*)0xE000EF34u)
#define SCB_VTOR (*(volatile uint32_t*)0xE000ED08u)
#define SCB_SHCSR (*(volatile uint32_t*)0xE000ED24u)
#define SCB_CCR (*(volatile uint32_t*)0xE000ED14u)

static k_thread main_thread;

/* The first thread: C++ constructors run here, not before the kernel, so that they may use
 * mutexes, thread_local and even create threads. */
static void* main_thread_entry(void* arg) {
    (void)arg;
    for (void (**f)(void) = __preinit_array_start; f < __preinit_array_end; ++f)
        (*f)();
    for (void (**f)(void) = __init_array_start; f < __init_array_end; ++f)
        (*f)();
    static char arg0[] = "mcustd";
    static char* argv[] = {arg0, 0};
    exit(main(1, argv)); /* flushes stdio, runs atexit handlers, then _exit -> board_exit */
}

void Reset_Handler(void) {
    /* Enable CP10/CP11 before any compiler-generated FP instruction can run. */
    SCB_CPACR |= 0xFu << 20;
    __asm__ volatile("dsb\n isb" ::: "memory");
    /* Automatic + lazy FP state preservation: ASPEN (bit 31) | LSPEN (bit 30). */
    FPU_FPCCR |= (1u << 31) | (1u << 30);
    SCB_VTOR = (uint32_t)board_vectors;
    /* Separate MemManage/BusFault/UsageFault handlers; trap divide by zero. */
    SCB_SHCSR |= (1u << 16) | (1u << 17) | (1u << 18);
    SCB_CCR |= 1u << 4;

    for (uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;)
        *dst++ = *src++;
    for (uint32_t* dst = __bss_start__; dst < __bss_end__;)
        *dst++ = 0;

    board_early_init(); /* clocks, console UART */
    main_thread.tp = k_tls_init(__main_tls_start);
    k_start(&main_thread, __main_stack_start, (size_t)(__main_stack_end - __main_stack_start),
            main_thread_entry, 0);
}

void* board_heap_start(void) {
    extern uint8_t __heap_start[];
    return __heap_start;
}

void* board_heap_end(void) {
    extern uint8_t __heap_end[];
    return __heap_end;
}

void* board_ram_start(void) {
    extern uint8_t __ram_start[];
    return __ram_start;
}

void* board_ram_end(void) {
    return __msp_top;
}

const void* board_flash_start(void) {
    extern const uint8_t __flash_start[];
    return __flash_start;
}

const void* board_flash_end(void) {
    extern const uint8_t __flash_end[];
    return __flash_end;
}

/* Semihosting SYS_EXIT_EXTENDED (0x20): exits QEMU with an arbitrary code. */
void board_exit(int code) {
    uint32_t block[2] = {0x20026u /* ADP_Stopped_ApplicationExit */, (uint32_t)code};
    register uint32_t r0 __asm__("r0") = 0x20u;
    register uint32_t* r1 __asm__("r1") = block;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    for (;;)
        __asm__ volatile("wfi");
}

void board_panic(const char* what, int code) {
    __asm__ volatile("cpsid i" ::: "memory"); /* nothing else runs: the report goes out whole */
    board_console_puts("\r\n*** panic: ");
    board_console_puts(what);
    board_console_puts("\r\n");
    board_exit(code);
}

/* crti/crtn are not linked (-nostartfiles): newlib's __libc_fini_array still calls _fini. */
void _init(void) {}
void _fini(void) {}

/* Normally from crtbegin.o (not linked): identifies this module to __cxa_atexit. */
void* __dso_handle = &__dso_handle;
