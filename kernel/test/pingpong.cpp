// Two threads hand a token back and forth through two semaphores, 1000 round trips.
#include "ktest.hpp"

namespace {
k_sem ping, pong;
volatile unsigned count;
constexpr unsigned kRounds = 1000;

void* ponger(void*) {
    for (unsigned i = 0; i < kRounds; ++i) {
        KCHECK(k_sem_wait(&ping, K_FOREVER) == 0);
        KCHECK(count == 2 * i + 1);
        count = count + 1;
        k_sem_post(&pong);
    }
    return reinterpret_cast<void*>(42);
}

k_thread thread;
ktest::Stack<2048> stack;
}  // namespace

int main() {
    KCHECK(k_thread_create(&thread, "ponger", K_PRIO_DEFAULT, stack.bytes, sizeof stack.bytes,
                           ponger, nullptr) == 0);
    for (unsigned i = 0; i < kRounds; ++i) {
        KCHECK(count == 2 * i);
        count = count + 1;
        k_sem_post(&ping);
        KCHECK(k_sem_wait(&pong, K_FOREVER) == 0);
    }
    void* ret = nullptr;
    KCHECK(k_thread_join(&thread, &ret) == 0);
    KCHECK(ret == reinterpret_cast<void*>(42));
    KCHECK(count == 2 * kRounds);
    ktest::say_num("round trips: ", kRounds);
    ktest::pass("kernel_pingpong");
}
