// ARMv7-M architecture part of the kernel: thread frames, exception priorities, the MPU stack
// guard, idle, and the check that keeps zero-latency interrupts out of the kernel.
#include "kernel/arch.h"
#include "kernel/kernel.h"

namespace {

volatile uint32_t& reg(uint32_t addr) {
    return *reinterpret_cast<volatile uint32_t*>(addr);
}
volatile uint8_t& reg8(uint32_t addr) {
    return *reinterpret_cast<volatile uint8_t*>(addr);
}
constexpr uint32_t kIcsr = 0xE000ED04u, kShpr1 = 0xE000ED18u, kShpr3 = 0xE000ED20u;
constexpr uint32_t kNvicIpr = 0xE000E400u;
constexpr uint32_t kMpuCtrl = 0xE000ED94u, kMpuRnr = 0xE000ED98u, kMpuRbar = 0xE000ED9Cu,
                   kMpuRasr = 0xE000EDA0u;

static_assert(K_ARCH_BASEPRI == 0x40, "switch.S raises BASEPRI to 0x40: keep them in step");
static_assert(K_IRQ_PRIO_KERNEL >= 1 && K_IRQ_PRIO_KERNEL < K_IRQ_PRIO_LEVELS - 1,
              "SysTick (the least urgent device level) must stay under the kernel's mask");

// MPU guard: a no-access region of kGuardSize bytes just above the canary word of the running
// thread's stack, so that an overflow faults at the first access (reported by the fault
// handler by name) instead of corrupting memory until the next canary check.
constexpr uint32_t kGuardSize = 64;  // a power of two, >= 32 (the MPU's minimum)

uintptr_t guard_of(const k_thread* t) {
    return (reinterpret_cast<uintptr_t>(t->stack_base) + 4 + kGuardSize - 1) & ~(kGuardSize - 1);
}

}  // namespace

extern "C" {

void k_arch_thread_init(k_thread* t, void (*entry)(k_thread*)) {
    // Initial frame as PendSV_Handler restores it: r4-r11, EXC_RETURN, then the hardware frame
    // r0-r3, r12, lr, pc, xpsr. EXC_RETURN 0xFFFFFFFD: thread mode, PSP, no FP context yet.
    uint32_t* top = t->stack_base + (t->stack_size & ~size_t{7}) / 4;
    uint32_t* sp = top - 17;
    for (int i = 0; i < 8; ++i)
        sp[i] = 0;
    sp[8] = 0xFFFFFFFDu;
    sp[9] = reinterpret_cast<uint32_t>(t);  // r0
    sp[10] = sp[11] = sp[12] = sp[13] = 0;  // r1-r3, r12
    sp[14] = 0;                             // lr: entry never returns
    sp[15] = reinterpret_cast<uint32_t>(entry) & ~1u;
    sp[16] = 0x01000000u;  // xPSR: Thumb
    t->sp = sp;
}

void k_arch_stack_guard(const k_thread* t) {
    reg(kMpuRnr) = 0;
    reg(kMpuRbar) = static_cast<uint32_t>(guard_of(t));
    // XN, AP=000 (no access, privileged included), SIZE=log2(kGuardSize)-1, enable.
    reg(kMpuRasr) =
        (1u << 28) | ((31u - static_cast<uint32_t>(__builtin_clz(kGuardSize)) - 1u) << 1) | 1u;
}

uintptr_t k_arch_stack_guard_end(const k_thread* t) {
    return guard_of(t) + kGuardSize;
}

int k_arch_stack_guard_hit(const k_thread* t, uintptr_t addr) {
    return t && t->stack_base && addr - guard_of(t) < kGuardSize;
}

unsigned k_arch_active_exception(void) {
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    return ipsr & 0x1FFu;
}

int k_arch_exception_priority(unsigned exception) {
    if (exception == 0)
        return static_cast<int>(K_IRQ_PRIO_LEVELS);  // thread mode: below every handler
    if (exception < 4)
        return -1;  // reset, NMI, HardFault: fixed priorities above everything
    uint8_t raw = exception >= 16 ? reg8(kNvicIpr + exception - 16)
                                  : reg8(kShpr1 + exception - 4);  // SHPR1..3, byte per exception
    return raw >> 5;
}

int k_arch_isr_too_urgent(void) {
    unsigned e = k_arch_active_exception();
    return e != 0 && k_arch_exception_priority(e) < static_cast<int>(K_IRQ_PRIO_KERNEL);
}

void k_arch_start(void) {
    // PendSV lowest, SysTick the least urgent device level (both under the kernel's mask);
    // device IRQs (board_irq_enable) choose theirs.
    reg(kShpr3) = (reg(kShpr3) & 0x0000FFFFu) |
                  (static_cast<uint32_t>(K_ARCH_NVIC_PRIO(K_IRQ_PRIO_LEVELS - 1)) << 24) |
                  (0xFFu << 16);
    reg(kMpuCtrl) = 5;  // enable, with the default memory map for privileged code (PRIVDEFENA)
    k_arch_timer_set(K_ARCH_TIMER_HZ / K_TICK_HZ);
    __asm__ volatile("dsb\n isb" ::: "memory");
    reg(kIcsr) = 1u << 28;  // PENDSVSET: the first switch, from the boot context
    __asm__ volatile("msr basepri, %0\n cpsie i\n isb" ::"r"(0u) : "memory");
    for (;;)
        __asm__ volatile("wfi");
}

void k_arch_idle(uint32_t key) {
    // PRIMASK closes the window between releasing the lock and WFI: an interrupt arriving in
    // it stays pending, and a pending interrupt wakes WFI even while PRIMASK masks it. Only
    // these three instructions hold off the zero-latency interrupts.
    __asm__ volatile("cpsid i" ::: "memory");
    k_arch_irq_unlock(key);
    __asm__ volatile("dsb\n wfi\n cpsie i\n isb" ::: "memory");
}

}  // extern "C"
