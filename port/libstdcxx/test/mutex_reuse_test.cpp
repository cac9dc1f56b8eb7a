// A locked std::mutex whose memory is reused (std::mutex has a trivial destructor, so nothing
// stops it; GCC's testsuite does it in 30_threads/condition_variable_any/members/1.cc and 2.cc)
// must not corrupt the kernel: afterwards contended locking (priority inheritance walks the
// owner's held mutexes), timed locking and thread exit still work. Before the kernel linked only
// contended mutexes into its held lists, the first contended lock here faulted on the garbage.
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

#include "check.hpp"

namespace {

using namespace std::chrono_literals;

// Storage that holds a locked std::mutex and is then overwritten with a pattern.
struct Scribble {
    alignas(std::mutex) std::array<unsigned char, sizeof(std::mutex)> bytes;

    std::mutex& lock_new() {
        auto* m = new (bytes.data()) std::mutex;
        m->lock();
        return *m;
    }
    void overwrite() { std::memset(bytes.data(), 0xA5, bytes.size()); }
};

// Another thread blocks on a mutex this thread holds: the kernel recomputes this thread's
// priority from its held mutexes.
void contend_with(std::mutex& other) {
    std::unique_lock held(other);
    bool got = false;
    std::thread t([&] {
        std::lock_guard g(other);
        got = true;
    });
    // Wait until t is queued on `other` (the kernel object's wait queue is visible here).
    for (int spins = 0; !other.native_handle()->__waiters && spins < 1000; ++spins)
        std::this_thread::yield();
    CHECK(other.native_handle()->__waiters != nullptr);
    CHECK(!got);
    held.unlock();
    t.join();
    CHECK(got);
}

void reused_by_this_thread() {
    Scribble s;
    s.lock_new();
    s.overwrite();
    std::mutex other;
    contend_with(other);
    std::timed_mutex tm;
    CHECK(tm.try_lock_for(1ms));
    tm.unlock();
}

void reused_as_a_fresh_mutex() {
    Scribble s;
    s.lock_new();
    std::mutex& fresh = s.lock_new();  // the same bytes, zeroed and locked again
    fresh.unlock();
    contend_with(fresh);
    std::mutex other;
    contend_with(other);
}

void reused_by_an_exiting_thread() {
    Scribble s;
    std::thread t([&] {
        s.lock_new();
        s.overwrite();
        std::mutex inner;
        contend_with(inner);
    });  // and the thread exits still "owning" the lost mutex
    t.join();
    std::vector<std::thread> more;
    std::mutex shared;
    long counter = 0;
    for (int i = 0; i < 4; ++i) {
        more.emplace_back([&] {
            for (int n = 0; n < 500; ++n) {
                std::lock_guard g(shared);
                ++counter;
                if (n % 50 == 0)
                    std::this_thread::yield();
            }
        });
    }
    for (auto& th : more)
        th.join();
    CHECK(counter == 2000);
}

}  // namespace

int main() {
    mcustd::test::run("reused_by_this_thread", reused_by_this_thread);
    mcustd::test::run("reused_as_a_fresh_mutex", reused_as_a_fresh_mutex);
    mcustd::test::run("reused_by_an_exiting_thread", reused_by_an_exiting_thread);
    return mcustd::test::finish("libstdcxx_mutex_reuse");
}
