// Clocks, sleeps, timed waits and futures on the MCU, measured on the kernel's virtual time.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <stop_token>
#include <thread>

#include "check.hpp"

using namespace std::chrono_literals;
using std::chrono::steady_clock;

namespace {

// A generous upper bound: catches a stall, not a slow tick.
constexpr auto kSlack = 200ms;

void sleep_for_and_until() {
    auto start = steady_clock::now();
    std::this_thread::sleep_for(20ms);
    auto slept = steady_clock::now() - start;
    CHECK(slept >= 20ms);
    CHECK(slept < 20ms + kSlack);

    start = steady_clock::now();
    std::this_thread::sleep_until(start + 15ms);
    CHECK(steady_clock::now() >= start + 15ms);

    // steady_clock is monotonic and distinct from the wall clock.
    static_assert(steady_clock::is_steady);
    auto a = steady_clock::now();
    auto b = steady_clock::now();
    CHECK(b >= a);
    CHECK(std::chrono::system_clock::now().time_since_epoch().count() != 0 ||
          steady_clock::now().time_since_epoch().count() != 0);
}

void condition_variable_wait_for_times_out() {
    std::mutex m;
    std::condition_variable cv;
    // cppcheck-suppress localMutex ; the mutex only serves this thread's timed wait
    std::unique_lock lock(m);
    const auto start = steady_clock::now();
    const auto status = cv.wait_for(lock, 25ms);
    const auto waited = steady_clock::now() - start;
    CHECK(status == std::cv_status::timeout);
    CHECK(waited >= 25ms);
    CHECK(waited < 25ms + kSlack);
}

void promise_and_future() {
    std::promise<int> p;
    std::future<int> f = p.get_future();
    std::thread t([&p] {
        std::this_thread::sleep_for(5ms);
        p.set_value(6 * 7);
    });
    CHECK(f.get() == 42);
    t.join();
}

void async_and_exceptions_through_futures() {
    auto f = std::async(std::launch::async, [] { return 1 + 2; });
    CHECK(f.get() == 3);
    auto g = std::async(std::launch::async, []() -> int { throw std::runtime_error("boom"); });
    bool caught = false;
    try {
        (void)g.get();
    } catch (const std::runtime_error&) {
        caught = true;
    }
    CHECK(caught);
    auto d = std::async(std::launch::deferred, [] { return 9; });
    CHECK(d.wait_for(0ms) == std::future_status::deferred);
    CHECK(d.get() == 9);
}

void future_wait_for_times_out() {
    std::promise<void> p;
    auto f = p.get_future();
    CHECK(f.wait_for(10ms) == std::future_status::timeout);
    p.set_value();
    CHECK(f.wait_for(0ms) == std::future_status::ready);
}

void value_at_thread_exit() {
    std::promise<int> p;
    auto f = p.get_future();
    std::thread t([&p] { p.set_value_at_thread_exit(5); });
    CHECK(f.get() == 5);  // ready only once the thread has exited
    t.join();
}

void jthread_stops() {
    int loops = 0;
    {
        std::jthread worker([&loops](std::stop_token st) {
            while (!st.stop_requested()) {
                ++loops;
                std::this_thread::sleep_for(1ms);
            }
        });
        std::this_thread::sleep_for(10ms);
    }  // request_stop + join
    CHECK(loops > 0);
}

}  // namespace

int main() {
    mcustd::test::run("sleep_for_and_until", sleep_for_and_until);
    mcustd::test::run("condition_variable_wait_for_times_out",
                      condition_variable_wait_for_times_out);
    mcustd::test::run("promise_and_future", promise_and_future);
    mcustd::test::run("async_and_exceptions_through_futures", async_and_exceptions_through_futures);
    mcustd::test::run("future_wait_for_times_out", future_wait_for_times_out);
    mcustd::test::run("value_at_thread_exit", value_at_thread_exit);
    mcustd::test::run("jthread_stops", jthread_stops);
    return mcustd::test::finish("libstdcxx_time");
}
