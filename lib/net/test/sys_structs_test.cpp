#include "mcustd/net/sys_structs.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstring>

using mcustd::net::make_iovec;
using mcustd::net::make_pollfd;

TEST(SysStructs, PollfdFilledByMemberWithReventsZero) {
    pollfd p = make_pollfd(7, POLLIN | POLLOUT);
    EXPECT_EQ(p.fd, 7);
    EXPECT_EQ(p.events, POLLIN | POLLOUT);
    EXPECT_EQ(p.revents, 0);
}

TEST(SysStructs, PollfdWorksWithPoll) {
    // A negative fd is ignored by poll(): no event, revents stays 0.
    std::array<pollfd, 1> fds{make_pollfd(-1, POLLIN)};
    EXPECT_EQ(::poll(fds.data(), fds.size(), 0), 0);
    EXPECT_EQ(fds[0].revents, 0);
}

TEST(SysStructs, IovecPointsAtTheBytes) {
    const char text[] = "abc";
    iovec v = make_iovec(text, 3);
    EXPECT_EQ(v.iov_base, static_cast<const void*>(text));
    EXPECT_EQ(v.iov_len, 3U);
    EXPECT_EQ(std::memcmp(v.iov_base, "abc", 3), 0);
}
