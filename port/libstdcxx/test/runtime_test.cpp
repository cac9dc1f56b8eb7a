// The C++ runtime's per-thread pieces: thread_local destructors, thread-safe function-local
// statics, call_once, exceptions in several threads at once, and the std::thread stack size.
#include <kernel/kernel.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <mcustd/thread_stack.hpp>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "check.hpp"

namespace {

// --- thread_local destructors run at thread exit, newest first ---------------------------------
std::mutex log_lock;
std::string destruction_log;

struct Noisy {
    char tag;
    explicit Noisy(char t) : tag(t) {}
    ~Noisy() {
        std::lock_guard g(log_lock);
        destruction_log += tag;
    }
};

thread_local Noisy tls_a('a');

void thread_local_destructors_in_order() {
    std::thread t([] {
        (void)tls_a.tag;                  // constructed first
        thread_local Noisy local_b('b');  // then b
        thread_local Noisy local_c('c');  // then c
        (void)local_b.tag;
        (void)local_c.tag;
        std::lock_guard g(log_lock);
        destruction_log += '|';
    });
    t.join();
    std::printf("thread_local log: %s\n", destruction_log.c_str());
    CHECK(destruction_log == "|cba");  // reverse order of construction, at the thread's exit
}

// --- thread_local values are per thread --------------------------------------------------------
thread_local int tls_counter = 5;

void thread_local_values_are_private() {
    tls_counter = 100;
    int seen_in_thread = 0;
    std::thread t([&] {
        seen_in_thread = tls_counter;  // fresh copy from the .tdata template
        tls_counter = 7;
    });
    t.join();
    CHECK(seen_in_thread == 5);
    CHECK(tls_counter == 100);
}

// --- thread identities ---------------------------------------------------------------------------
void thread_ids() {
    const std::thread::id self = std::this_thread::get_id();
    std::thread::id inside;
    std::thread t([&] { inside = std::this_thread::get_id(); });
    const std::thread::id outside = t.get_id();
    t.join();
    CHECK(inside == outside);
    CHECK(inside != self);
    CHECK(t.get_id() == std::thread::id());  // joined: no thread
    CHECK(std::thread::hardware_concurrency() == 1);
    std::thread d([] {});
    d.detach();
    CHECK(!d.joinable());
}

// --- function-local static: initialised once under contention ----------------------------------
std::atomic<int> constructions{0};

struct Slow {
    int value;
    Slow() : value(42) {
        ++constructions;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));  // others arrive meanwhile
    }
};

int read_static() {
    static Slow s;
    return s.value;
}

void local_static_once_under_contention() {
    std::atomic<int> sum{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i) {
        threads.emplace_back([&] { sum += read_static(); });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(constructions == 1);
    CHECK(sum == 6 * 42);
}

// A static whose initialiser throws is not initialised: the next pass runs it again.
int attempts = 0;

struct FailsFirst {
    int value;
    FailsFirst() : value(++attempts) {
        if (attempts == 1) {
            throw std::runtime_error("first initialisation fails");
        }
    }
};

int read_fails_first() {
    static FailsFirst f;
    return f.value;
}

void local_static_retried_after_throw() {
    bool thrown = false;
    try {
        (void)read_fails_first();
    } catch (const std::runtime_error&) {
        thrown = true;
    }
    CHECK(thrown);
    int seen = 0;
    std::thread t([&] { seen = read_fails_first(); });  // another thread may do the retry
    t.join();
    CHECK(seen == 2);
    CHECK(read_fails_first() == 2);
    CHECK(attempts == 2);
}

// --- call_once, including a throwing first attempt ---------------------------------------------
void call_once_runs_once_and_retries_after_throw() {
    std::once_flag flag;
    std::atomic<int> calls{0};
    bool thrown = false;
    try {
        std::call_once(flag, [] { throw std::runtime_error("first attempt"); });
    } catch (const std::runtime_error&) {
        thrown = true;
    }
    CHECK(thrown);
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] {
            std::call_once(flag, [&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
                ++calls;
            });
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(calls == 1);
}

// --- exceptions thrown and caught in two threads at once ---------------------------------------
void exceptions_in_two_threads() {
    std::atomic<int> caught{0};
    std::atomic<int> in_handler{0};
    auto body = [&](int id) {
        for (int i = 0; i < 20; ++i) {
            try {
                throw std::runtime_error(std::to_string(id * 1000 + i));
            } catch (const std::runtime_error& e) {
                ++in_handler;
                std::this_thread::yield();  // the other thread throws while we are in a handler
                if (std::stoi(e.what()) == id * 1000 + i && std::uncaught_exceptions() == 0) {
                    ++caught;
                }
                --in_handler;
            }
        }
    };
    std::thread a(body, 1);
    std::thread b(body, 2);
    a.join();
    b.join();
    CHECK(caught == 40);
}

// --- StackSizeScope: the std::thread gets the requested stack ----------------------------------
void stack_size_scope() {
    std::size_t seen = 0;
    auto probe = [&] { seen = k_self()->stack_size; };
    {
        mcustd::StackSizeScope scope(6144);
        std::thread t(probe);
        t.join();
    }
    CHECK(seen >= 6144 && seen < 6144 + 64);
    std::thread t(probe);  // the scope has ended: back to the 4 KiB default
    t.join();
    CHECK(seen >= 4096 && seen < 4096 + 64);
    std::printf("stack sizes ok (%u)\n", static_cast<unsigned>(seen));
}

}  // namespace

int main() {
    mcustd::test::run("thread_local_destructors_in_order", thread_local_destructors_in_order);
    mcustd::test::run("thread_local_values_are_private", thread_local_values_are_private);
    mcustd::test::run("thread_ids", thread_ids);
    mcustd::test::run("local_static_once_under_contention", local_static_once_under_contention);
    mcustd::test::run("local_static_retried_after_throw", local_static_retried_after_throw);
    mcustd::test::run("call_once_runs_once_and_retries_after_throw",
                      call_once_runs_once_and_retries_after_throw);
    mcustd::test::run("exceptions_in_two_threads", exceptions_in_two_threads);
    mcustd::test::run("stack_size_scope", stack_size_scope);
    return mcustd::test::finish("libstdcxx_runtime");
}
