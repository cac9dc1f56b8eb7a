// pthread keys: destructors run at thread exit (and again for values they set, up to
// PTHREAD_DESTRUCTOR_ITERATIONS); errno and thread_local are per thread; pthread_once runs once.
#include <errno.h>
#include <pthread.h>

#include "ktest.hpp"

namespace {
pthread_key_t key;
int destructor_calls;
int last_destroyed;
thread_local int tls_value = 7;       // .tdata
thread_local uint64_t tls_zeroes[5];  // .tbss, 8-byte aligned: may follow a padding gap

// Every thread_local lies inside this thread's TLS block.
void check_tls_bounds() {
    auto* block = static_cast<char*>(k_self()->tp);
    auto* end = block + k_tls_block_size();
    KCHECK(reinterpret_cast<char*>(&tls_value) >= block + 8);
    KCHECK(reinterpret_cast<char*>(&tls_value + 1) <= end);
    KCHECK(reinterpret_cast<char*>(&tls_zeroes[0]) >= block + 8);
    KCHECK(reinterpret_cast<char*>(&tls_zeroes[5]) <= end);
}

void destructor(void* value) {
    ++destructor_calls;
    last_destroyed = *static_cast<int*>(value);
    // The second value set here must be destroyed too, in a further round.
    static int again = 99;
    if (last_destroyed != 99)
        pthread_setspecific(key, &again);
}

int once_runs;
pthread_once_t once = PTHREAD_ONCE_INIT;
void init_once() {
    ++once_runs;
}

void* worker(void* arg) {
    static int values[2] = {1, 2};
    int id = *static_cast<int*>(arg);
    KCHECK(pthread_getspecific(key) == nullptr);
    KCHECK(pthread_setspecific(key, &values[id]) == 0);
    KCHECK(pthread_getspecific(key) == &values[id]);
    errno = 100 + id;
    KCHECK(tls_value == 7);  // the .tdata image, per thread
    check_tls_bounds();
    for (auto v : tls_zeroes)
        KCHECK(v == 0);
    tls_value = 1000 + id;
    for (auto& v : tls_zeroes)
        v = 0x1111111111111111ull * static_cast<uint64_t>(id + 1);
    pthread_once(&once, init_once);
    sched_yield();
    KCHECK(errno == 100 + id);
    KCHECK(tls_value == 1000 + id);
    for (auto v : tls_zeroes)
        KCHECK(v == 0x1111111111111111ull * static_cast<uint64_t>(id + 1));
    return nullptr;
}
}  // namespace

int main() {
    check_tls_bounds();  // the main thread's block, reserved by the linker script
    KCHECK(pthread_key_create(&key, destructor) == 0);
    errno = 5;
    int ids[2] = {0, 1};
    pthread_t t[2];
    for (int i = 0; i < 2; ++i)
        KCHECK(pthread_create(&t[i], nullptr, worker, &ids[i]) == 0);
    for (auto& th : t)
        KCHECK(pthread_join(th, nullptr) == 0);
    KCHECK(errno == 5);
    KCHECK(tls_value == 7);
    for (auto v : tls_zeroes)
        KCHECK(v == 0);
    KCHECK(once_runs == 1);
    ktest::say_num("destructor calls ", static_cast<uint64_t>(destructor_calls));
    KCHECK(destructor_calls == 4);  // two threads x (own value, then the re-set one)
    KCHECK(last_destroyed == 99);
    KCHECK(pthread_key_delete(key) == 0);
    KCHECK(pthread_setspecific(key, &ids[0]) == EINVAL);
    ktest::pass("posix_keys_tls");
}
