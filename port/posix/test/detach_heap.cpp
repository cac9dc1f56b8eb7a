// Joined and detached threads give back every byte: the heap in use returns to its baseline;
// stack sizes are honoured; threads are named.
#include <malloc.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "ktest.hpp"

namespace {
volatile int finished;
volatile size_t seen_stack_size;

void* worker(void*) {
    seen_stack_size = k_self()->stack_size;
    char name[16];
    KCHECK(pthread_getname_np(pthread_self(), name, sizeof name) == 0);
    finished = finished + 1;
    return nullptr;
}

size_t heap_in_use() {
    return mallinfo().uordblks;
}
}  // namespace

int main() {
    // Warm up once so that lazily allocated state does not count as a leak: the first detach
    // starts the reaper thread, whose 1 KiB stack stays allocated.
    pthread_t t;
    KCHECK(pthread_create(&t, nullptr, worker, nullptr) == 0);
    KCHECK(pthread_join(t, nullptr) == 0);
    size_t before_reaper = heap_in_use();
    KCHECK(pthread_create(&t, nullptr, worker, nullptr) == 0);
    KCHECK(pthread_detach(t) == 0);
    for (int i = 0; i < 100 && finished < 2; ++i)
        usleep(1000);
    usleep(1000);
    size_t baseline = heap_in_use();
    KCHECK(baseline > before_reaper && baseline - before_reaper < 1100);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    size_t size = 0;
    KCHECK(pthread_attr_getstacksize(&attr, &size) == 0 && size == 4096);
    KCHECK(pthread_attr_setstacksize(&attr, 8192) == 0);
    KCHECK(pthread_create(&t, &attr, worker, nullptr) == 0);
    KCHECK(pthread_setname_np(t, "worker8k") == 0);
    KCHECK(pthread_join(t, nullptr) == 0);
    KCHECK(seen_stack_size == 8192);
    ktest::say_num("heap after joined thread: ", heap_in_use());
    KCHECK(heap_in_use() == baseline);

    KCHECK(pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0);
    finished = 0;
    for (int i = 0; i < 10; ++i)
        KCHECK(pthread_create(&t, &attr, worker, nullptr) == 0);
    KCHECK(pthread_create(&t, nullptr, worker, nullptr) == 0);
    KCHECK(pthread_detach(t) == 0);
    // The reaper frees detached threads after they exit; give it bounded time.
    for (int i = 0; i < 100 && (finished < 11 || heap_in_use() != baseline); ++i)
        usleep(1000);
    ktest::say_num("heap after detached threads: ", heap_in_use());
    KCHECK(finished == 11);
    KCHECK(heap_in_use() == baseline);
    ktest::pass("posix_detach_heap");
}
