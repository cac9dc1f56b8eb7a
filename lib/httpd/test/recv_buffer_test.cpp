#include "recv_buffer.hpp"

#include <gtest/gtest.h>

#include <cstring>

namespace {

using mcustd::httpd::BlockPool;
using mcustd::httpd::RecvBuffer;

TEST(RecvBuffer, GrowsToTheParserLimitAndNoFurther) {
    BlockPool pool(RecvBuffer::kInitial, 1);
    RecvBuffer b(pool);
    std::size_t total = 0;
    for (;;) {
        auto space = b.space();
        if (space.empty()) {
            break;
        }
        std::memset(space.data(), 'x', space.size());
        b.commit(space.size());
        total += space.size();
        ASSERT_LE(total, RecvBuffer::kMax);
    }
    EXPECT_EQ(total, RecvBuffer::kMax);
    EXPECT_EQ(b.data().size(), RecvBuffer::kMax);
}

TEST(RecvBuffer, ConsumeKeepsTheRestAndCompacts) {
    BlockPool pool(RecvBuffer::kInitial, 1);
    RecvBuffer b(pool);
    auto space = b.space();
    std::memcpy(space.data(), "GET / HTTP/1.1\r\n\r\nGET", 21);
    b.commit(21);
    b.consume(18);
    EXPECT_EQ(b.data(), "GET");
    // Fill to capacity: the next space() moves the pending bytes to the front first.
    space = b.space();
    std::memset(space.data(), 'y', space.size());
    b.commit(space.size());
    b.consume(3);
    EXPECT_EQ(b.data().front(), 'y');
    std::size_t pending = b.data().size();
    EXPECT_FALSE(b.space().empty());
    EXPECT_EQ(b.data().size(), pending);
    EXPECT_EQ(b.data().front(), 'y');
}

TEST(RecvBuffer, ReleasesMemoryOnlyWhenEmpty) {
    BlockPool pool(RecvBuffer::kInitial, 1);
    RecvBuffer b(pool);
    auto space = b.space();
    space[0] = 'a';
    b.commit(1);
    b.release_if_empty();
    EXPECT_EQ(b.data(), "a");
    b.consume(1);
    b.release_if_empty();
    EXPECT_TRUE(b.empty());
    EXPECT_EQ(b.space().size(), RecvBuffer::kInitial);
}

// The block goes back to the pool and the next request takes the same one: no allocation per
// request once warm. A grown buffer (a large head) is freed, not pooled.
TEST(RecvBuffer, RecyclesItsBlockThroughThePool) {
    BlockPool pool(RecvBuffer::kInitial, 1);
    EXPECT_EQ(pool.free_blocks(), 1u);  // allocated up front
    RecvBuffer b(pool);
    const char* first = b.space().data();
    EXPECT_EQ(pool.free_blocks(), 0u);
    b.release_if_empty();
    EXPECT_EQ(pool.free_blocks(), 1u);
    EXPECT_EQ(b.space().data(), first);
    EXPECT_EQ(pool.free_blocks(), 0u);
    // Grow past the block: the pool does not get the bigger buffer.
    std::size_t total = 0;
    while (total < RecvBuffer::kInitial * 2) {
        auto space = b.space();
        b.commit(space.size());
        total += space.size();
    }
    b.consume(total);
    b.release_if_empty();
    EXPECT_EQ(pool.free_blocks(), 0u);
}

}  // namespace
