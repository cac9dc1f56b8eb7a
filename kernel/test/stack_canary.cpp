// An overflow that jumps over the MPU guard (simulated: the thread clobbers the canary word at
// its stack's base directly) is caught by the canary check at the next switch, by name.
#include "ktest.hpp"

namespace {
void* clobber(void*) {
    *const_cast<volatile uint32_t*>(k_self()->stack_base) = 0;
    k_yield();
    k_sleep_us(10000);
    return nullptr;
}
k_thread t;
ktest::Stack<1024> s;
}  // namespace

int main() {
    KCHECK(k_thread_create(&t, "clobberer", K_PRIO_DEFAULT, s.bytes, sizeof s.bytes, clobber,
                           nullptr) == 0);
    k_thread_join(&t, nullptr);
    ktest::say("overflow was not detected\r\n");
    return 1;
}
