// A bus fault in a named thread: the fault handler prints the registers and the thread's name,
// and QEMU exits with BOARD_EXIT_FAULT.
#include "ktest.hpp"

namespace {
void* crash(void*) {
    volatile uint32_t* bad = reinterpret_cast<volatile uint32_t*>(0xF0000000u);
    return reinterpret_cast<void*>(static_cast<uintptr_t>(*bad));
}
k_thread t;
ktest::Stack<1024> s;
}  // namespace

int main() {
    KCHECK(k_thread_create(&t, "crasher", K_PRIO_DEFAULT, s.bytes, sizeof s.bytes, crash,
                           nullptr) == 0);
    k_thread_join(&t, nullptr);
    return 1;
}
