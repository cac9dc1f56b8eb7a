// Round-robin: two equal-priority threads that never yield both make progress. Preemption: a
// higher-priority thread woken by an interrupt handler runs before the interrupted (spinning)
// thread executes its next instruction.
#include "ktest.hpp"

namespace {
volatile uint32_t progress[2];
volatile bool stop;

void* spinner(void* arg) {
    auto id = reinterpret_cast<uintptr_t>(arg);
    while (!stop)
        progress[id] = progress[id] + 1;  // no yield, no blocking call
    return nullptr;
}

constexpr unsigned kSoftIrq = 5;  // an unused IRQ line, triggered by software (NVIC STIR)
k_sem wake;
volatile uint32_t high_runs;
volatile uint64_t isr_time, high_time;

void soft_isr() {
    isr_time = k_now_us();
    k_sem_post(&wake);
}

void* high(void*) {
    for (;;) {
        KCHECK(k_sem_wait(&wake, K_FOREVER) == 0);
        high_time = k_now_us();
        high_runs = high_runs + 1;
        if (high_runs == 3)
            return nullptr;
    }
}

k_thread a, b, h;
ktest::Stack<1024> sa, sb, sh;
}  // namespace

int main() {
    KCHECK(k_thread_create(&a, "spin-a", 5, sa.bytes, sizeof sa.bytes, spinner,
                           reinterpret_cast<void*>(0)) == 0);
    KCHECK(k_thread_create(&b, "spin-b", 5, sb.bytes, sizeof sb.bytes, spinner,
                           reinterpret_cast<void*>(1)) == 0);
    k_sleep_us(200000);  // main (higher priority) sleeps; the two spinners share the CPU
    uint32_t pa = progress[0], pb = progress[1];
    ktest::say_num("spin-a iterations ", pa);
    ktest::say_num("spin-b iterations ", pb);
    KCHECK(pa > 0 && pb > 0);
    // 200 ms in 10 ms slices: each got roughly half; allow a wide margin.
    KCHECK(pa > pb / 4 && pb > pa / 4);

    board_irq_set_handler(kSoftIrq, soft_isr);
    board_irq_enable(kSoftIrq, 3);
    KCHECK(k_thread_create(&h, "high", 20, sh.bytes, sizeof sh.bytes, high, nullptr) == 0);
    k_thread_set_priority(k_self(), 5);  // now main competes with the spinners
    for (uint32_t i = 1; i <= 3; ++i) {
        *reinterpret_cast<volatile uint32_t*>(0xE000EF00u) = kSoftIrq;  // NVIC STIR
        __asm__ volatile("dsb\n isb" ::: "memory");
        KCHECK(high_runs == i);  // it already ran, before this line
        KCHECK(high_time >= isr_time && high_time - isr_time < 100);
    }
    KCHECK(k_thread_join(&h, nullptr) == 0);
    stop = true;
    KCHECK(k_thread_join(&a, nullptr) == 0);
    KCHECK(k_thread_join(&b, nullptr) == 0);
    ktest::pass("kernel_timeslice_preempt");
}
