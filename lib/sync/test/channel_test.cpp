#include "mcustd/sync/channel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using mcustd::sync::channel;
using mcustd::sync::RecvStatus;
using namespace std::chrono_literals;

TEST(Channel, DeliversInOrder) {
    auto [tx, rx] = channel<int>();
    for (int i = 0; i < 5; ++i) {
        EXPECT_TRUE(tx.send(i));
    }
    for (int i = 0; i < 5; ++i) {
        auto v = rx.recv();
        ASSERT_TRUE(v);
        EXPECT_EQ(*v, i);
    }
}

TEST(Channel, RecvReturnsNulloptOnceSendersGoneAndDrained) {
    auto [tx, rx] = channel<std::string>();
    {
        auto tx2 = tx.clone();
        EXPECT_TRUE(tx2.send("from clone"));
    }
    EXPECT_TRUE(tx.send("from original"));
    { auto dropped = std::move(tx); }  // last sender gone; two values still queued
    EXPECT_EQ(rx.recv(), "from clone");
    EXPECT_EQ(rx.recv(), "from original");
    EXPECT_EQ(rx.recv(), std::nullopt);
    EXPECT_EQ(rx.recv(), std::nullopt);  // stays disconnected
}

TEST(Channel, RecvBlocksUntilLastCloneIsDropped) {
    auto [tx, rx] = channel<int>();
    auto tx2 = tx;  // copy == clone
    auto done = std::async(std::launch::async, [&rx = rx] { return rx.recv(); });
    { auto gone = std::move(tx); }
    // One sender (tx2) is still alive, so recv must still be waiting.
    EXPECT_EQ(done.wait_for(50ms), std::future_status::timeout);
    { auto gone = std::move(tx2); }
    EXPECT_EQ(done.get(), std::nullopt);
}

TEST(Channel, RecvWakesOnSendFromAnotherThread) {
    auto [tx, rx] = channel<int>();
    std::thread t([tx = tx] { (void)tx.send(7); });
    EXPECT_EQ(rx.recv(), 7);
    t.join();
}

TEST(Channel, SendFailsAndGivesValueBackOnceReceiverGone) {
    auto [tx, rx] = channel<std::unique_ptr<int>>();
    EXPECT_TRUE(tx.send(std::make_unique<int>(1)));
    { auto gone = std::move(rx); }
    auto r = tx.send(std::make_unique<int>(99));
    ASSERT_FALSE(r);
    EXPECT_FALSE(r.sent());
    auto back = r.take_back();
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, 99);
}

TEST(Channel, DroppingReceiverDestroysQueuedValues) {
    auto counter = std::make_shared<int>(0);
    auto [tx, rx] = channel<std::shared_ptr<int>>();
    EXPECT_TRUE(tx.send(counter));
    EXPECT_TRUE(tx.send(counter));
    EXPECT_EQ(counter.use_count(), 3);
    { auto gone = std::move(rx); }
    EXPECT_EQ(counter.use_count(), 1);
}

TEST(Channel, TryRecvTellsEmptyFromDisconnected) {
    auto [tx, rx] = channel<int>();
    auto r = rx.try_recv();
    EXPECT_EQ(r.status(), RecvStatus::kEmpty);
    EXPECT_TRUE(r.is_empty());
    EXPECT_TRUE(tx.send(3));
    auto v = rx.try_recv();
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, 3);
    EXPECT_TRUE(tx.send(4));
    { auto gone = std::move(tx); }
    auto w = rx.try_recv();  // a value queued before disconnect is still delivered
    ASSERT_TRUE(w);
    EXPECT_EQ(*w, 4);
    EXPECT_TRUE(rx.try_recv().is_disconnected());
}

TEST(Channel, RecvForTimesOutThenGetsValueThenDisconnects) {
    auto [tx, rx] = channel<int>();
    auto start = std::chrono::steady_clock::now();
    auto r = rx.recv_for(20ms);
    EXPECT_TRUE(r.is_timeout());
    EXPECT_GE(std::chrono::steady_clock::now() - start, 20ms);

    std::thread t([tx = std::move(tx)] { (void)tx.send(5); });  // tx dies with the thread
    auto v = rx.recv_for(10s);
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, 5);
    t.join();
    auto d = rx.recv_for(10s);  // must not wait 10 s: the only sender is gone
    EXPECT_TRUE(d.is_disconnected());
}

TEST(Channel, MovedFromEndsAreDisconnected) {
    auto [tx, rx] = channel<int>();
    auto tx2 = std::move(tx);
    EXPECT_FALSE(tx.send(1));  // NOLINT(bugprone-use-after-move): documented behaviour
    auto rx2 = std::move(rx);
    EXPECT_TRUE(rx.try_recv().is_disconnected());  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(rx.recv(), std::nullopt);            // NOLINT(bugprone-use-after-move)
    EXPECT_TRUE(tx2.send(2));
    EXPECT_EQ(rx2.recv(), 2);
}

TEST(Channel, SenderAssignmentKeepsCountRight) {
    auto [tx, rx] = channel<int>();
    auto [other_tx, other_rx] = channel<int>();
    auto a = tx;
    a = other_tx;  // releases its hold on the first channel
    { auto gone = std::move(tx); }
    EXPECT_TRUE(rx.try_recv().is_disconnected());
    EXPECT_TRUE(a.send(1));
    EXPECT_EQ(other_rx.recv(), 1);
}

TEST(Channel, ManyProducersExactTotals) {
    constexpr int kThreads = 8;
    constexpr int kPerThread = 5000;
    auto [tx, rx] = channel<std::pair<int, int>>();
    std::vector<std::thread> producers;
    for (int id = 0; id < kThreads; ++id) {
        producers.emplace_back([id, tx = tx] {
            for (int i = 0; i < kPerThread; ++i) {
                (void)tx.send({id, i});
            }
        });
    }
    { auto gone = std::move(tx); }
    std::vector<int> next(kThreads, 0);
    long long count = 0;
    for (auto& [id, i] : rx) {  // ends when all producers are done
        ASSERT_GE(id, 0);
        ASSERT_LT(id, kThreads);
        EXPECT_EQ(i, next[id]) << "per-producer order broken";
        next[id] = i + 1;
        ++count;
    }
    for (auto& t : producers) {
        t.join();
    }
    EXPECT_EQ(count, static_cast<long long>(kThreads) * kPerThread);
    for (int id = 0; id < kThreads; ++id) {
        EXPECT_EQ(next[id], kPerThread);
    }
}
