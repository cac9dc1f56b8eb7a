// A thread that recurses past its 1 KiB stack is reported by name and QEMU exits with
// BOARD_EXIT_STACK_OVERFLOW (the test expects that exit code and the message).
#include "ktest.hpp"

namespace {
int recurse(int depth) {
    volatile char frame[64];
    frame[0] = static_cast<char>(depth);
    if (depth == 0)
        return frame[0];
    return recurse(depth - 1) + frame[0];
}

void* deep(void*) {
    recurse(40);  // ~40 x 80 bytes: well past 1 KiB
    k_yield();    // any switch (or the next tick) checks the canary
    k_sleep_us(10000);
    return nullptr;
}

k_thread t;
// The stack sits above a spare region, so the overflow tramples nothing that matters.
struct alignas(8) Guarded {
    unsigned char spare[4096];
    unsigned char stack[1024];
} area;
}  // namespace

int main() {
    KCHECK(k_thread_create(&t, "deep-recursion", K_PRIO_DEFAULT, area.stack, sizeof area.stack,
                           deep, nullptr) == 0);
    k_thread_join(&t, nullptr);
    ktest::say("overflow was not detected\r\n");
    return 1;
}
