#include "mcustd/pool/thread_pool.hpp"

#include "mcustd/thread_stack.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

using mcustd::pool::ThreadPool;
using namespace std::chrono_literals;

namespace {

// A one-shot gate jobs can wait on, so tests control exactly when workers are busy.
class Gate {
  public:
    void open() {
        {
            std::lock_guard lock(m_);
            open_ = true;
        }
        cv_.notify_all();
    }
    void wait() {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return open_; });
    }

  private:
    std::mutex m_;
    std::condition_variable cv_;
    bool open_ = false;
};

}  // namespace

TEST(ThreadPool, RunsEveryJobExactlyOnce) {
    constexpr int kJobs = 1000;
    std::atomic<int> count{0};
    std::atomic<long> sum{0};
    {
        ThreadPool pool(4, 8, 64 * 1024);
        EXPECT_EQ(pool.workers(), 4u);
        EXPECT_EQ(pool.queue_capacity(), 8u);
        for (int i = 1; i <= kJobs; ++i) {
            ASSERT_TRUE(pool.submit([&, i] {
                count.fetch_add(1);
                sum.fetch_add(i);
            }));
        }
    }  // destructor drains and joins
    EXPECT_EQ(count.load(), kJobs);
    EXPECT_EQ(sum.load(), static_cast<long>(kJobs) * (kJobs + 1) / 2);
}

TEST(ThreadPool, UsesSeveralWorkers) {
    // Two jobs that each wait for the other can only finish if two workers run them at once.
    ThreadPool pool(2, 4, 0);
    std::promise<void> a_started, b_started;
    auto a = a_started.get_future();
    auto b = b_started.get_future();
    std::atomic<int> done{0};
    pool.submit([&] {
        a_started.set_value();
        if (b.wait_for(10s) == std::future_status::ready) {
            done++;
        }
    });
    pool.submit([&] {
        b_started.set_value();
        if (a.wait_for(10s) == std::future_status::ready) {
            done++;
        }
    });
    pool.shutdown();
    EXPECT_EQ(done.load(), 2);
}

TEST(ThreadPool, ShutdownFinishesQueuedJobsThenRefusesNewOnes) {
    Gate gate;
    std::atomic<int> ran{0};
    ThreadPool pool(1, 8, 0);
    std::promise<void> started;
    ASSERT_TRUE(pool.submit([&] {
        started.set_value();
        gate.wait();
    }));
    started.get_future().wait();  // the only worker is now busy and the queue empty
    for (int i = 0; i < 8; ++i) {
        ASSERT_TRUE(pool.try_submit([&] { ran++; }));
    }
    EXPECT_EQ(pool.queued(), 8u);
    std::thread opener([&] {
        // The queue is full and the worker stuck, so this submit blocks until shutdown begins;
        // it must then fail, and only then is the worker released.
        EXPECT_FALSE(pool.submit([&] { ran += 100; }));
        gate.open();
    });
    pool.shutdown();
    opener.join();
    EXPECT_EQ(ran.load(), 8);  // every job queued before shutdown ran
    EXPECT_FALSE(pool.submit([&] { ran += 100; }));
    EXPECT_FALSE(pool.try_submit([&] { ran += 100; }));
    EXPECT_EQ(ran.load(), 8);
}

TEST(ThreadPool, TrySubmitFailsWhenFullAndLeavesJobIntact) {
    Gate gate;
    ThreadPool pool(1, 2, 0);
    std::promise<void> started;
    pool.submit([&] {
        started.set_value();
        gate.wait();
    });
    started.get_future().wait();  // the worker holds job 1; the queue is now empty
    EXPECT_TRUE(pool.try_submit([] {}));
    EXPECT_TRUE(pool.try_submit([] {}));
    auto owned = std::make_unique<int>(42);
    auto job = [p = std::move(owned)] { (void)*p; };
    EXPECT_FALSE(pool.try_submit(std::move(job)));  // full
    gate.open();
}

TEST(ThreadPool, SubmitBlocksWhileQueueIsFull) {
    Gate gate;
    ThreadPool pool(1, 1, 0);
    std::promise<void> started;
    pool.submit([&] {
        started.set_value();
        gate.wait();
    });
    started.get_future().wait();
    ASSERT_TRUE(pool.try_submit([] {}));  // queue (capacity 1) now full
    std::atomic<bool> third_ran{false};
    auto submitted =
        std::async(std::launch::async, [&] { return pool.submit([&] { third_ran = true; }); });
    // The submitter must still be blocked: the queue cannot drain while the gate is shut.
    EXPECT_EQ(submitted.wait_for(100ms), std::future_status::timeout);
    gate.open();
    EXPECT_TRUE(submitted.get());
    pool.shutdown();
    EXPECT_TRUE(third_ran.load());
}

TEST(ThreadPool, ShutdownWakesBlockedSubmitter) {
    Gate gate;
    ThreadPool pool(1, 1, 0);
    std::promise<void> started;
    pool.submit([&] {
        started.set_value();
        gate.wait();
    });
    started.get_future().wait();
    ASSERT_TRUE(pool.try_submit([] {}));
    std::atomic<bool> extra_ran{false};
    auto submitted =
        std::async(std::launch::async, [&] { return pool.submit([&] { extra_ran = true; }); });
    std::thread stopper([&] { pool.shutdown(); });
    // The blocked submitter must return false once shutdown begins, even with the queue full.
    EXPECT_FALSE(submitted.get());
    gate.open();
    stopper.join();
    EXPECT_FALSE(extra_ran.load());
}

TEST(ThreadPool, JoinsEveryWorker) {
    std::mutex m;
    std::set<std::thread::id> ids;
    std::atomic<int> alive{0};
    {
        ThreadPool pool(3, 4, 0);
        for (int i = 0; i < 30; ++i) {
            pool.submit([&] {
                alive++;
                {
                    std::lock_guard lock(m);
                    ids.insert(std::this_thread::get_id());
                }
                alive--;
            });
        }
    }
    EXPECT_EQ(alive.load(), 0);  // no job still running after the destructor returned
    EXPECT_GE(ids.size(), 1u);
    EXPECT_LE(ids.size(), 3u);
    EXPECT_EQ(ids.count(std::this_thread::get_id()), 0u);
}

TEST(ThreadPool, ThrowingJobIsCountedAndWorkerSurvives) {
    std::atomic<int> ran{0};
    ThreadPool pool(1, 4, 0);
    pool.submit([] { throw std::runtime_error("boom"); });
    pool.submit([&] { ran++; });
    pool.shutdown();
    EXPECT_EQ(ran.load(), 1);
    EXPECT_EQ(pool.failed_jobs(), 1u);
}

TEST(ThreadPool, RejectsZeroSizes) {
    EXPECT_THROW(ThreadPool(0, 1, 0), std::invalid_argument);
    EXPECT_THROW(ThreadPool(1, 0, 0), std::invalid_argument);
}

TEST(ThreadPool, StackSizeRequestIsScopedToConstruction) {
    // Workers are created under StackSizeScope(stack_size); the caller's setting must be back
    // afterwards, or every later std::thread of this thread would inherit the pool's size.
    mcustd::StackSizeScope outer(12345);
    {
        ThreadPool pool(2, 2, 4096);
        EXPECT_EQ(mcustd::requested_thread_stack_size(), 12345u);
    }
    EXPECT_EQ(mcustd::requested_thread_stack_size(), 12345u);
}
