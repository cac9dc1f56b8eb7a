// Tickless idle: while every thread is blocked the timer is set for the nearest deadline, so an
// idle second costs one timer interrupt (the wake-up) instead of 1,000 ticks, and the sleeper
// wakes at its deadline, not at the next tick. While a thread runs, the 1 kHz tick is back
// (round-robin needs it) and timed waits end on the first tick at or after their deadline.
#include <errno.h>

#include "ktest.hpp"

namespace {

k_timer_stats_t stats() {
    k_timer_stats_t s;
    k_timer_stats(&s);
    return s;
}

// Timer interrupts a sleep of `us` in an idle system must take: the timer reaches
// K_ARCH_TIMER_MAX_CYCLES at most, so a longer sleep wraps (idle interrupts) on the way.
uint32_t interrupts_for(uint64_t us) {
    uint64_t cycles = us * (K_ARCH_TIMER_HZ / 1000000u);
    return static_cast<uint32_t>((cycles + K_ARCH_TIMER_MAX_CYCLES - 1) / K_ARCH_TIMER_MAX_CYCLES);
}

// Sleeps `us` with nothing else to run; checks the wake-up time and the interrupts it took.
void idle_sleep(const char* what, uint64_t us) {
    k_timer_stats_t s0 = stats();
    uint64_t t0 = k_now_us();
    k_sleep_us(us);
    uint64_t late = k_now_us() - t0 - us;
    k_timer_stats_t s1 = stats();
    uint32_t irqs = s1.interrupts - s0.interrupts;
    uint32_t idle = s1.idle_interrupts - s0.idle_interrupts;
    ktest::say(what);
    ktest::say_num(": timer interrupts ", irqs);
    ktest::say_num("  of which woke nobody ", idle);
    ktest::say_num("  late by (us) ", late);
    KCHECK(k_now_us() - t0 >= us);       // never early
    KCHECK(late <= 20);                  // at the deadline, not at a tick
    KCHECK(irqs == interrupts_for(us));  // no periodic tick while idle
    KCHECK(idle == irqs - 1);            // only the timer's reach wraps wake nobody
}

volatile bool stop;
volatile uint32_t spins;
void* spinner(void*) {
    while (!stop)
        spins = spins + 1;
    return nullptr;
}

k_thread spin_thread;
ktest::Stack<1024> spin_stack;
k_mutex m;
k_cond c;
}  // namespace

int main() {
    ktest::say_num("tick source Hz ", K_ARCH_TIMER_HZ);
    ktest::say_num("timer reach (us) ",
                   static_cast<uint64_t>(K_ARCH_TIMER_MAX_CYCLES) / (K_ARCH_TIMER_HZ / 1000000u));
    k_sleep_us(1000);  // settle: boot output done, the console idle

    idle_sleep("idle second (was 1000 ticks)", 1000000);
    // Beyond the timer's reach (16.7 s on mps2-an386, 0.8 s on netduinoplus2): it wraps twice.
    idle_sleep("idle beyond the timer's reach",
               2 * (uint64_t{K_ARCH_TIMER_MAX_CYCLES} / (K_ARCH_TIMER_HZ / 1000000u)) + 100000);
    idle_sleep("idle 1.5 ms", 1500);

    // A timed condition wait in an idle system: ETIMEDOUT at its deadline.
    {
        KCHECK(k_mutex_lock(&m, K_FOREVER) == 0);
        uint64_t deadline = k_now_us() + 250000;
        KCHECK(k_cond_wait(&c, &m, deadline) == ETIMEDOUT);
        uint64_t now = k_now_us();
        KCHECK(k_mutex_unlock(&m) == 0);
        ktest::say_num("cond timed wait late by (us) ", now - deadline);
        KCHECK(now >= deadline && now - deadline <= 20);
    }

    // Deadlines closer than one pass through the timer interrupt and the switch (down to one
    // timer count): the one-shot wake-up must not become a timer period that repeats faster
    // than the handler runs, which starved the switch to the woken thread (a livelock at
    // netduinoplus2's 21 MHz). One interrupt wakes each sleeper, or none if the deadline passed
    // before it could block.
    {
        uint32_t blocked = 0;
        for (uint64_t us = 1; us <= 40; ++us) {
            k_timer_stats_t s0 = stats();
            uint64_t t0 = k_now_us();
            k_sleep_us(us);
            uint64_t slept = k_now_us() - t0;
            uint32_t irqs = stats().interrupts - s0.interrupts;
            KCHECK(slept >= us && slept <= us + 20);
            KCHECK(irqs <= 1);
            blocked += irqs;
        }
        ktest::say_num("short sleeps (1..40 us) that blocked: ", blocked);
        KCHECK(blocked >= 30);
    }

    // A runnable thread: the periodic tick is back and sleeps end on a tick.
    KCHECK(k_thread_create(&spin_thread, "spinner", 5, spin_stack.bytes, sizeof spin_stack.bytes,
                           spinner, nullptr) == 0);
    k_timer_stats_t s0 = stats();
    uint64_t t0 = k_now_us();
    k_sleep_us(100000);
    uint64_t slept = k_now_us() - t0;
    uint32_t ticks = stats().interrupts - s0.interrupts;
    ktest::say_num("busy 100 ms: timer interrupts ", ticks);
    ktest::say_num("busy 100 ms: slept (us) ", slept);
    KCHECK(spins > 0);
    KCHECK(ticks >= 99 && ticks <= 101);                                    // 1 kHz
    KCHECK(slept >= 100000 && slept <= 100000 + 1000000 / K_TICK_HZ + 20);  // within a tick
    stop = true;
    KCHECK(k_thread_join(&spin_thread, nullptr) == 0);
    ktest::pass("kernel_tickless");
}
