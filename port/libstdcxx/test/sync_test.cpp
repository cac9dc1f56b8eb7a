// std::thread, mutexes and condition variables on the MCU.
#include <malloc.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

#include "check.hpp"

namespace {

void counter_under_mutex() {
    constexpr int kThreads = 8;
    constexpr int kIncrements = 2000;
    std::mutex m;
    long counter = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kIncrements; ++i) {
                std::lock_guard lock(m);
                const long seen = counter;
                if (i % 64 == 0) {
                    std::this_thread::yield();  // invite a race if the mutex did not exclude
                }
                counter = seen + 1;
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(counter == kThreads * kIncrements);
    std::printf("counter %ld\n", counter);
}

void recursive_mutex_nests() {
    std::recursive_mutex m;
    // cppcheck-suppress localMutex ; held here on purpose: another thread must fail try_lock
    std::lock_guard a(m);
    std::lock_guard b(m);
    bool other_got_it = true;
    std::thread t([&] { other_got_it = m.try_lock(); });
    t.join();
    CHECK(!other_got_it);
}

void timed_mutex_times_out() {
    std::timed_mutex m;
    // cppcheck-suppress localMutex ; held here on purpose: another thread must time out on it
    m.lock();
    bool got = true;
    std::chrono::steady_clock::duration waited{};
    std::thread t([&] {
        const auto start = std::chrono::steady_clock::now();
        got = m.try_lock_for(std::chrono::milliseconds(30));
        waited = std::chrono::steady_clock::now() - start;
    });
    t.join();
    m.unlock();
    CHECK(!got);
    CHECK(waited >= std::chrono::milliseconds(30));
    CHECK(waited < std::chrono::milliseconds(500));
    CHECK(m.try_lock_for(std::chrono::milliseconds(1)));
    m.unlock();
}

void producer_consumer() {
    constexpr int kItems = 500;
    std::mutex m;
    std::condition_variable not_empty;
    std::condition_variable not_full;
    std::deque<int> queue;
    long sum = 0;
    int received = 0;
    std::thread consumer([&] {
        for (int i = 0; i < kItems; ++i) {
            std::unique_lock lock(m);
            not_empty.wait(lock, [&] { return !queue.empty(); });
            sum += queue.front();
            queue.pop_front();
            ++received;
            not_full.notify_one();
        }
    });
    std::thread producer([&] {
        for (int i = 1; i <= kItems; ++i) {
            std::unique_lock lock(m);
            not_full.wait(lock, [&] { return queue.size() < 4; });
            queue.push_back(i);
            not_empty.notify_one();
        }
    });
    producer.join();
    consumer.join();
    CHECK(received == kItems);
    CHECK(sum == static_cast<long>(kItems) * (kItems + 1) / 2);
}

void condition_variable_any_with_shared_mutex() {
    std::shared_mutex rw;
    std::condition_variable_any cv;
    int value = 0;
    std::atomic<int> readers_inside{0};
    int max_readers = 0;
    std::mutex max_lock;
    std::vector<std::thread> readers;
    for (int r = 0; r < 3; ++r) {
        readers.emplace_back([&] {
            std::shared_lock lock(rw);
            cv.wait(lock, [&] { return value != 0; });
            const int inside = ++readers_inside;
            {
                std::lock_guard g(max_lock);
                max_readers = inside > max_readers ? inside : max_readers;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            --readers_inside;
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    {
        std::unique_lock lock(rw);
        value = 42;
    }
    cv.notify_all();
    for (auto& t : readers) {
        t.join();
    }
    CHECK(max_readers >= 2);  // shared ownership really is shared
    CHECK(readers_inside == 0);
}

void atomics_64_bit() {
    std::atomic<std::uint64_t> big{0xFFFFFFFFull};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 1000; ++i) {
                big.fetch_add(1);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(big.load() == 0xFFFFFFFFull + 4000);
    std::uint64_t expected = 0xFFFFFFFFull + 4000;
    CHECK(big.compare_exchange_strong(expected, 1ull << 40));
    CHECK(big.exchange(7) == (1ull << 40));
    CHECK(big.load() == 7);
}

// malloc/free from several preempted threads at once (picolibc's malloc lock is our kernel mutex):
// the heap stays consistent and returns to where it was.
void concurrent_heap() {
    std::printf("heap check\n");  // stdout's buffer exists before the baseline
    const auto before = mallinfo().uordblks;
    std::vector<std::thread> threads;
    threads.reserve(4);
    const auto with_vector = mallinfo().uordblks;
    std::atomic<int> corrupt{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&corrupt, t] {
            std::vector<std::unique_ptr<unsigned char[]>> blocks;
            for (int round = 0; round < 20000; ++round) {
                const std::size_t size = 16 + static_cast<std::size_t>((round * 37 + t * 11) % 200);
                auto block = std::make_unique<unsigned char[]>(size);
                std::memset(block.get(), t + 1, size);
                if (block[0] != t + 1 || block[size - 1] != t + 1) {
                    ++corrupt;
                }
                blocks.push_back(std::move(block));
                if (blocks.size() > 8) {
                    blocks.erase(blocks.begin());
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    threads.clear();
    CHECK(corrupt == 0);
    CHECK(mallinfo().uordblks == with_vector);
    threads.shrink_to_fit();
    CHECK(mallinfo().uordblks == before);
}

}  // namespace

int main() {
    mcustd::test::run("counter_under_mutex", counter_under_mutex);
    mcustd::test::run("recursive_mutex_nests", recursive_mutex_nests);
    mcustd::test::run("timed_mutex_times_out", timed_mutex_times_out);
    mcustd::test::run("producer_consumer", producer_consumer);
    mcustd::test::run("condition_variable_any_with_shared_mutex",
                      condition_variable_any_with_shared_mutex);
    mcustd::test::run("atomics_64_bit", atomics_64_bit);
    mcustd::test::run("concurrent_heap", concurrent_heap);
    return mcustd::test::finish("libstdcxx_sync");
}
