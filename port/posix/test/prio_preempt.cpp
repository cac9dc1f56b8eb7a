// Through the POSIX API: explicit priorities, preemption by a higher-priority thread woken by
// sem_post from an interrupt handler, and priority inheritance on a pthread mutex (the
// inversion scenario completes high, medium, low).
#include <pthread.h>
#include <semaphore.h>

#include <initializer_list>

#include "ktest.hpp"

namespace {
pthread_mutex_t resource = PTHREAD_MUTEX_INITIALIZER;
sem_t low_has_lock, wake;
volatile char order[4];
volatile int n_done;
volatile int woken;

void done(char who) {
    uint32_t s = k_irq_save();
    order[n_done] = who;
    n_done = n_done + 1;
    k_irq_restore(s);
}

void busy_us(uint64_t us) {
    timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t end = static_cast<uint64_t>(t0.tv_sec) * 1000000u + t0.tv_nsec / 1000 + us;
    for (;;) {
        timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (static_cast<uint64_t>(t.tv_sec) * 1000000u + t.tv_nsec / 1000 >= end)
            return;
    }
}

void* low(void*) {
    pthread_mutex_lock(&resource);
    sem_post(&low_has_lock);
    busy_us(20000);
    pthread_mutex_unlock(&resource);
    done('L');
    return nullptr;
}
void* medium(void*) {
    busy_us(50000);
    done('M');
    return nullptr;
}
void* high(void*) {
    pthread_mutex_lock(&resource);
    pthread_mutex_unlock(&resource);
    done('H');
    return nullptr;
}

void* waiter(void*) {
    sem_wait(&wake);
    woken = 1;
    return nullptr;
}
void soft_isr() {
    sem_post(&wake);
}

pthread_t spawn(int prio, void* (*fn)(void*)) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    sched_param sp{};
    sp.sched_priority = prio;
    KCHECK(pthread_attr_setschedparam(&attr, &sp) == 0);
    pthread_t t;
    KCHECK(pthread_create(&t, &attr, fn, nullptr) == 0);
    return t;
}
}  // namespace

int main() {
    sched_param sp{};
    sp.sched_priority = 30;
    KCHECK(pthread_setschedparam(pthread_self(), SCHED_RR, &sp) == 0);
    sem_init(&low_has_lock, 0, 0);
    pthread_t l = spawn(5, low);
    sem_wait(&low_has_lock);
    pthread_t h = spawn(20, high);
    pthread_t m = spawn(10, medium);
    for (pthread_t t : {h, m, l})
        KCHECK(pthread_join(t, nullptr) == 0);
    board_console_puts("completion order: ");
    board_console_write(const_cast<const char*>(order), 3);
    board_console_puts("\r\n");
    KCHECK(order[0] == 'H' && order[1] == 'M' && order[2] == 'L');

    // An interrupt handler's sem_post makes a higher-priority thread run at once.
    sem_init(&wake, 0, 0);
    pthread_t w = spawn(25, waiter);
    sp.sched_priority = 10;
    KCHECK(pthread_setschedparam(pthread_self(), SCHED_RR, &sp) == 0);
    board_irq_set_handler(6, soft_isr);
    board_irq_enable(6, 3);
    *reinterpret_cast<volatile uint32_t*>(0xE000EF00u) = 6;  // NVIC STIR: trigger IRQ 6
    __asm__ volatile("dsb\n isb" ::: "memory");
    KCHECK(woken == 1);
    KCHECK(pthread_join(w, nullptr) == 0);
    ktest::pass("posix_prio_preempt");
}
