// The tick source on SysTick: a 64-bit cycle count extended from the 24-bit down-counter, and a
// reprogrammable interrupt (a 1 ms period while threads run, the nearest deadline while idle).
//
// Counter model (ARMv7-M ARM B3.3; QEMU's armv7m_systick matches it): with RVR = n - 1 the
// counter goes n-1, ..., 1, 0; the step to 0 sets COUNTFLAG and pends the interrupt, the next
// clock reloads n-1. So a period of n clocks starts when the counter becomes 0, and a write to
// CVR (which clears it and COUNTFLAG) starts one as well: elapsed(v) = v ? n - v : 0.
// COUNTFLAG clears on read, so whoever reads it first (the handler or a k_now_us() in another
// interrupt) accounts the wrap exactly once.
#include "kernel/arch.h"

namespace {

volatile uint32_t& reg(uint32_t addr) {
    return *reinterpret_cast<volatile uint32_t*>(addr);
}
constexpr uint32_t kCsr = 0xE000E010u, kRvr = 0xE000E014u, kCvr = 0xE000E018u;
constexpr uint32_t kIcsr = 0xE000ED04u, kPendStClr = 1u << 25;
constexpr uint32_t kEnable = 1u, kTickInt = 2u, kCountFlag = 1u << 16;
constexpr uint32_t kClkSource = K_ARCH_TIMER_CPU_CLOCK ? 4u : 0u;

uint64_t base;        // cycles at the start of the current period
uint32_t period = 1;  // its length (RVR + 1)

uint32_t elapsed(uint32_t v) {
    return v ? period - v : 0;
}

}  // namespace

extern "C" uint64_t k_arch_timer_now(void) {
    uint32_t v1 = reg(kCvr);
    uint32_t csr = reg(kCsr);  // clears COUNTFLAG
    uint32_t v2 = reg(kCvr);
    if (csr & kCountFlag) {  // wrapped before the CSR read: account it now
        base += period;
        return base + elapsed(v2);
    }
    if (elapsed(v2) < elapsed(v1))           // wrapped just after: COUNTFLAG is set again, and the
        return base + period + elapsed(v2);  // next reader accounts it
    return base + elapsed(v2);
}

extern "C" uint64_t k_arch_timer_next(void) {
    k_arch_timer_now();  // accounts a wrap that already happened
    return base + period;
}

extern "C" void k_arch_timer_set(uint32_t cycles) {
    if (cycles < 2)
        cycles = 2;  // RVR 0 would stop the counter instead of interrupting
    if (cycles > K_ARCH_TIMER_MAX_CYCLES)
        cycles = K_ARCH_TIMER_MAX_CYCLES;
    // Frozen while it is reprogrammed, so no wrap can slip in between reading and restarting
    // (the clock loses the few instructions it is stopped, under one count of K_ARCH_TIMER_HZ).
    reg(kCsr) = kClkSource | kTickInt;
    uint64_t now = k_arch_timer_now();  // accounts (and clears) a wrap that already happened
    reg(kIcsr) = kPendStClr;            // ...whose interrupt must not count a period again
    reg(kRvr) = cycles - 1;
    reg(kCvr) = 0;  // a new period starts now
    base = now;
    period = cycles;
    reg(kCsr) = kClkSource | kTickInt | kEnable;
}

// The vector table's SysTick entry.
extern "C" void SysTick_Handler(void) {
    k_timer_isr();
}
