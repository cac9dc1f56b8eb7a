// Self-check: a store to an address no memory answers must be reported as a fault (host:
// SIGSEGV; MCU: BusFault -> the board's fault report and exit code 120).
// expect: runtime-fail fault
#include <cstdint>

namespace {
// Opaque to the optimiser, so the store is really emitted. 0xFFFFFFF0: unmapped in a Linux
// process and in the Cortex-M's vendor-specific system region, where QEMU's mps2-an386 has no
// device.
volatile std::uintptr_t bad_address = 0xFFFFFFF0u;
}  // namespace

int main() {
    *reinterpret_cast<volatile int*>(bad_address) = 1;
    return 0;
}
