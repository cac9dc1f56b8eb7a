// The classic priority inversion: low holds a mutex that high needs while medium is CPU-bound.
// With inheritance, low runs at high's priority until it unlocks, so high finishes before
// medium. The order of completion is recorded and checked: high, medium, low.
#include <errno.h>

#include "ktest.hpp"

namespace {
k_mutex resource;
volatile char order[4];
volatile int n_done;
k_sem low_has_lock;

void done(char who) {
    uint32_t s = k_irq_save();
    order[n_done] = who;
    n_done = n_done + 1;
    k_irq_restore(s);
}

void busy_us(uint64_t us) {  // CPU-bound, never blocks or yields
    uint64_t end = k_now_us() + us;
    while (k_now_us() < end) {
    }
}

void* low(void*) {
    KCHECK(k_mutex_lock(&resource, K_FOREVER) == 0);
    k_sem_post(&low_has_lock);
    busy_us(20000);
    KCHECK(k_self()->prio == 20);  // inherited from high, which is waiting
    KCHECK(k_mutex_unlock(&resource) == 0);
    KCHECK(k_self()->prio == 5);  // and given back
    done('L');
    return nullptr;
}

void* medium(void*) {
    busy_us(50000);
    done('M');
    return nullptr;
}

void* high(void*) {
    KCHECK(k_mutex_lock(&resource, K_FOREVER) == 0);
    KCHECK(k_mutex_unlock(&resource) == 0);
    done('H');
    return nullptr;
}

k_thread tl, tm, th;
ktest::Stack<1024> sl, sm, sh;
}  // namespace

int main() {
    k_thread_set_priority(k_self(), 30);
    KCHECK(k_thread_create(&tl, "low", 5, sl.bytes, sizeof sl.bytes, low, nullptr) == 0);
    KCHECK(k_sem_wait(&low_has_lock, K_FOREVER) == 0);
    KCHECK(k_thread_create(&th, "high", 20, sh.bytes, sizeof sh.bytes, high, nullptr) == 0);
    KCHECK(k_thread_create(&tm, "medium", 10, sm.bytes, sizeof sm.bytes, medium, nullptr) == 0);
    KCHECK(k_thread_join(&th, nullptr) == 0);
    KCHECK(k_thread_join(&tm, nullptr) == 0);
    KCHECK(k_thread_join(&tl, nullptr) == 0);
    board_console_puts("completion order: ");
    board_console_write(const_cast<const char*>(order), 3);
    board_console_puts("\r\n");
    KCHECK(order[0] == 'H' && order[1] == 'M' && order[2] == 'L');

    // A timed lock gives up at its deadline and the owner's inherited priority drops back.
    KCHECK(k_mutex_lock(&resource, K_FOREVER) == 0);
    KCHECK(k_thread_create(
               &th, "timed", 20, sh.bytes, sizeof sh.bytes,
               [](void*) -> void* {
                   uint64_t t0 = k_now_us();
                   KCHECK(k_mutex_lock(&resource, t0 + 5000) == ETIMEDOUT);
                   KCHECK(k_now_us() - t0 >= 5000);
                   return nullptr;
               },
               nullptr) == 0);
    k_thread_set_priority(k_self(), 5);  // lets "timed" run and block on the mutex
    KCHECK(k_self()->prio == 20);        // inherited while it waits
    KCHECK(k_thread_join(&th, nullptr) == 0);
    KCHECK(k_self()->prio == 5);
    KCHECK(k_self()->held == nullptr);  // uncontended again: in no kernel list
    KCHECK(k_mutex_unlock(&resource) == 0);

    // Two contended mutexes: the owner runs at its top waiter's priority and steps down one
    // hand-off at a time.
    static k_mutex second;
    KCHECK(k_mutex_lock(&resource, K_FOREVER) == 0);
    KCHECK(k_mutex_lock(&second, K_FOREVER) == 0);
    KCHECK(k_self()->held == nullptr);
    auto lock_unlock = [](void* m) -> void* {
        KCHECK(k_mutex_lock(static_cast<k_mutex*>(m), K_FOREVER) == 0);
        KCHECK(k_mutex_unlock(static_cast<k_mutex*>(m)) == 0);
        return nullptr;
    };
    KCHECK(k_thread_create(&th, "on-first", 20, sh.bytes, sizeof sh.bytes, lock_unlock,
                           &resource) == 0);
    KCHECK(k_thread_create(&tm, "on-second", 25, sm.bytes, sizeof sm.bytes, lock_unlock, &second) ==
           0);
    k_yield();  // both are above us: they have run and blocked before this returns
    KCHECK(k_self()->prio == 25);
    KCHECK(k_mutex_unlock(&second) == 0);  // "on-second" takes it, finishes
    KCHECK(k_self()->prio == 20);
    KCHECK(k_mutex_unlock(&resource) == 0);
    KCHECK(k_self()->prio == 5);
    KCHECK(k_self()->held == nullptr);
    KCHECK(k_thread_join(&th, nullptr) == 0);
    KCHECK(k_thread_join(&tm, nullptr) == 0);
    ktest::pass("kernel_prio_inherit");
}
