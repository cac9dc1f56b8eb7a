#include "mcustd/net/socket_address.hpp"

#include <gtest/gtest.h>

using mcustd::net::SocketAddress;

TEST(SocketAddress, ParsesIpv4) {
    auto a = SocketAddress::parse("127.0.0.1:7878");
    ASSERT_TRUE(a) << a.error().message();
    EXPECT_TRUE(a->is_ipv4());
    EXPECT_EQ(a->port(), 7878);
    EXPECT_EQ(a->ip_string(), "127.0.0.1");
    EXPECT_EQ(a->to_string(), "127.0.0.1:7878");
    EXPECT_EQ(*a, SocketAddress::ipv4_loopback(7878));
}

TEST(SocketAddress, ParsesIpv6) {
    auto a = SocketAddress::parse("[::1]:7878");
    ASSERT_TRUE(a) << a.error().message();
    EXPECT_TRUE(a->is_ipv6());
    EXPECT_EQ(a->port(), 7878);
    EXPECT_EQ(a->to_string(), "[::1]:7878");
    EXPECT_EQ(*a, SocketAddress::ipv6_loopback(7878));

    auto b = SocketAddress::parse("[2001:db8::a:b]:0");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->to_string(), "[2001:db8::a:b]:0");
}

TEST(SocketAddress, FromIpAndPort) {
    auto a = SocketAddress::from_ip("::1", 80);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->to_string(), "[::1]:80");
    auto b = SocketAddress::from_ip("10.0.2.15", 65535);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->to_string(), "10.0.2.15:65535");
    EXPECT_EQ(SocketAddress::ipv4_any(5).to_string(), "0.0.0.0:5");
}

TEST(SocketAddress, SetPortKeepsAddress) {
    auto a = SocketAddress::ipv6_loopback(1);
    a.set_port(4242);
    EXPECT_EQ(a.to_string(), "[::1]:4242");
}

TEST(SocketAddress, RejectsMalformedTextNamingIt) {
    for (const char* bad : {"", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
                            "127.0.0.1:8x", "256.0.0.1:80", "localhost:80", "::1:80", "[::1]80",
                            "[::1]", "[127.0.0.1]:80", "[::1:80", "1.2.3.4:123456", "[::g]:1"}) {
        auto a = SocketAddress::parse(bad);
        ASSERT_FALSE(a) << "accepted: " << bad;
        EXPECT_EQ(a.error().code(), std::errc::invalid_argument);
        EXPECT_NE(a.error().message().find(std::string("\"") + bad + "\""), std::string::npos)
            << a.error().message();
    }
}

TEST(SocketAddress, DefaultIsUnspecified) {
    SocketAddress a;
    EXPECT_FALSE(a.is_ipv4());
    EXPECT_FALSE(a.is_ipv6());
    EXPECT_EQ(a.to_string(), "<unspecified>");
    EXPECT_EQ(a.native_size(), 0u);
}
