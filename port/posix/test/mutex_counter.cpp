// 8 pthreads increment a shared counter under a mutex to an exact total; recursive and
// error-checking mutex semantics; trylock.
#include <errno.h>
#include <pthread.h>
#include <sched.h>

#include "ktest.hpp"

namespace {
constexpr int kThreads = 8;
constexpr int kIncrements = 5000;
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
long counter;

void* worker(void*) {
    for (int i = 0; i < kIncrements; ++i) {
        KCHECK(pthread_mutex_lock(&lock) == 0);
        long v = counter;
        if (i % 64 == 0)
            sched_yield();  // widen the window: a lost update would show
        counter = v + 1;
        KCHECK(pthread_mutex_unlock(&lock) == 0);
    }
    return nullptr;
}
}  // namespace

int main() {
    pthread_t threads[kThreads];
    for (auto& t : threads)
        KCHECK(pthread_create(&t, nullptr, worker, nullptr) == 0);
    for (auto& t : threads)
        KCHECK(pthread_join(t, nullptr) == 0);
    ktest::say_num("counter ", static_cast<uint64_t>(counter));
    KCHECK(counter == long{kThreads} * kIncrements);

    pthread_mutex_t rec = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
    KCHECK(pthread_mutex_lock(&rec) == 0);
    KCHECK(pthread_mutex_lock(&rec) == 0);
    KCHECK(pthread_mutex_trylock(&rec) == 0);
    KCHECK(pthread_mutex_unlock(&rec) == 0);
    KCHECK(pthread_mutex_unlock(&rec) == 0);
    KCHECK(pthread_mutex_unlock(&rec) == 0);
    KCHECK(pthread_mutex_unlock(&rec) == EPERM);

    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    KCHECK(pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK) == 0);
    pthread_mutex_t ec;
    KCHECK(pthread_mutex_init(&ec, &attr) == 0);
    KCHECK(pthread_mutex_lock(&ec) == 0);
    KCHECK(pthread_mutex_lock(&ec) == EDEADLK);
    KCHECK(pthread_mutex_trylock(&ec) == EBUSY);
    KCHECK(pthread_mutex_destroy(&ec) == EBUSY);
    KCHECK(pthread_mutex_unlock(&ec) == 0);
    KCHECK(pthread_mutex_destroy(&ec) == 0);
    ktest::pass("posix_mutex_counter");
}
