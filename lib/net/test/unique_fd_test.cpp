#include "mcustd/net/unique_fd.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>

using mcustd::net::UniqueFd;

namespace {

bool is_open(int fd) {
    return ::fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

int new_socket() {
    return ::socket(AF_INET, SOCK_STREAM, 0);
}

}  // namespace

TEST(UniqueFd, ClosesOnDestruction) {
    int raw = new_socket();
    ASSERT_GE(raw, 0);
    {
        UniqueFd fd(raw);
        EXPECT_TRUE(fd);
        EXPECT_EQ(fd.get(), raw);
        EXPECT_TRUE(is_open(raw));
    }
    EXPECT_FALSE(is_open(raw));
}

TEST(UniqueFd, MoveTransfersOwnership) {
    int raw = new_socket();
    ASSERT_GE(raw, 0);
    UniqueFd a(raw);
    UniqueFd b(std::move(a));
    EXPECT_FALSE(a.valid());  // NOLINT(bugprone-use-after-move): checking moved-from state
    EXPECT_EQ(b.get(), raw);
    UniqueFd c;
    c = std::move(b);
    EXPECT_EQ(c.get(), raw);
    EXPECT_TRUE(is_open(raw));
    c.reset();
    EXPECT_FALSE(c.valid());
    EXPECT_FALSE(is_open(raw));
}

TEST(UniqueFd, ResetClosesOldAndReleaseDoesNotClose) {
    int first = new_socket();
    int second = new_socket();
    ASSERT_GE(first, 0);
    ASSERT_GE(second, 0);
    UniqueFd fd(first);
    fd.reset(second);
    EXPECT_FALSE(is_open(first));
    EXPECT_EQ(fd.release(), second);
    EXPECT_FALSE(fd.valid());
    EXPECT_TRUE(is_open(second));
    ::close(second);
}
