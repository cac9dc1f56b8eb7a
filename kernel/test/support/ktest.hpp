// Minimal test helpers for images that run in QEMU: report on the UART, exit via semihosting.
#pragma once

#include <cstdint>

#include "board/board.h"
#include "kernel/kernel.h"

namespace ktest {

[[noreturn]] inline void fail(const char* file, int line, const char* expr) {
    board_console_puts("FAIL ");
    board_console_puts(file);
    board_console_puts(":");
    board_console_put_dec(static_cast<uint64_t>(line));
    board_console_puts(": ");
    board_console_puts(expr);
    board_console_puts("\r\n");
    board_exit(1);
}

inline void say(const char* s) {
    board_console_puts(s);
}
inline void say_num(const char* label, uint64_t v) {
    board_console_puts(label);
    board_console_put_dec(v);
    board_console_puts("\r\n");
}

[[noreturn]] inline void pass(const char* name) {
    board_console_puts("PASS ");
    board_console_puts(name);
    board_console_puts("\r\n");
    board_exit(0);
}

// A caller-owned stack for kernel threads.
template <unsigned Bytes>
struct alignas(8) Stack {
    unsigned char bytes[Bytes];
};

}  // namespace ktest

#define KCHECK(expr) ((expr) ? (void)0 : ::ktest::fail(__FILE__, __LINE__, #expr))
