#include "mcustd/httpd/server.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <thread>

#include "mcustd/http/router.hpp"
#include "mcustd/net/tcp_stream.hpp"
#include "one_file_site.hpp"

namespace {

using namespace std::chrono_literals;
using mcustd::httpd::Config;
using mcustd::httpd::Mode;
using mcustd::httpd::Server;
using mcustd::net::SocketAddress;
using mcustd::net::TcpStream;

using mcustd::httpd::test::OneFileSite;
constexpr std::string_view kBody = mcustd::httpd::test::kOneFileBody;

// Reads until the peer closes or `want` bytes arrived.
std::string read_until(TcpStream& s, std::size_t want) {
    std::string out;
    char buf[4096];
    while (out.size() < want) {
        auto n = s.read(std::span<char>(buf, sizeof buf));
        if (!n || *n == 0) {
            break;
        }
        out.append(buf, *n);
    }
    return out;
}

class ServerModes : public ::testing::TestWithParam<Mode> {};

TEST_P(ServerModes, ServesThenStopFromAnotherThreadEndsRun) {
    OneFileSite site;
    Config config;
    config.mode = GetParam();
    config.threads = 2;
    auto server = Server::create(config, SocketAddress::ipv4_loopback(0), site, nullptr);
    ASSERT_TRUE(server) << server.error().message();
    mcustd::Result<void> result = mcustd::Error();
    std::thread runner([&] { result = (*server)->run(); });

    auto client = TcpStream::connect((*server)->local_addr(), 5000ms);
    ASSERT_TRUE(client) << client.error().message();
    ASSERT_TRUE(client->set_read_timeout(10s));
    ASSERT_TRUE(client->write_all("GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
    std::string response = read_until(*client, 1 << 20);
    EXPECT_EQ(response.substr(0, 15), "HTTP/1.1 200 OK");
    EXPECT_EQ(response.substr(response.size() - kBody.size()), kBody);

    // An idle keep-alive client must not keep run() from returning.
    auto idle = TcpStream::connect((*server)->local_addr(), 5000ms);
    ASSERT_TRUE(idle);
    (*server)->stop();
    runner.join();
    EXPECT_TRUE(result.has_value()) << result.error().message();
    EXPECT_TRUE((*server)->stop_requested());
}

// A Router in front of the site: routes answer with the POST body they were given, other paths
// fall through to the site, and every answer is counted by status class.
TEST_P(ServerModes, ServesRoutesNextToTheSiteAndCountsByClass) {
    OneFileSite site;
    const mcustd::http::StaticHandler files(site);
    mcustd::http::Router router(files);
    router.post("/api/echo", [](const mcustd::http::Request& req, mcustd::http::Reply& reply) {
        reply.json().begin_object().key("got").value(req.body).end_object();
    });
    Config config;
    config.mode = GetParam();
    config.threads = 2;
    auto server = Server::create(config, SocketAddress::ipv4_loopback(0), router, nullptr);
    ASSERT_TRUE(server) << server.error().message();
    std::thread runner([&] { (void)(*server)->run(); });

    auto client = TcpStream::connect((*server)->local_addr(), 5000ms);
    ASSERT_TRUE(client) << client.error().message();
    ASSERT_TRUE(client->set_read_timeout(10s));
    // Pipelined: a POST whose body arrives with its head, the site's file, a GET on the POST
    // route (405), a missing file (404), then a body over the limit (413; the client closes).
    const std::string big(mcustd::http::kMaxBufferedBody + 1, 'b');
    ASSERT_TRUE(client->write_all(
        "POST /api/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 8\r\n\r\nname=\"a\""
        "GET /x HTTP/1.1\r\nHost: t\r\n\r\n"
        "GET /api/echo HTTP/1.1\r\nHost: t\r\n\r\n"
        "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n"
        "POST /api/echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: " +
        std::to_string(big.size()) + "\r\n\r\n" + big));
    const std::string response = read_until(*client, 1 << 20);
    const std::size_t echo = response.find(R"({"got":"name=\"a\""})");
    const std::size_t file = response.find(kBody);
    const std::size_t not_allowed = response.find("HTTP/1.1 405");
    const std::size_t missing = response.find("HTTP/1.1 404");
    const std::size_t too_big = response.find("HTTP/1.1 413");
    EXPECT_EQ(response.substr(0, 15), "HTTP/1.1 200 OK") << response;
    EXPECT_NE(echo, std::string::npos) << response;
    EXPECT_LT(echo, file);
    EXPECT_LT(file, not_allowed);
    EXPECT_LT(not_allowed, missing);
    EXPECT_LT(missing, too_big);
    EXPECT_NE(too_big, std::string::npos) << response;
    EXPECT_NE(response.find("Allow: POST\r\n"), std::string::npos);

    (*server)->stop();
    runner.join();
    const mcustd::httpd::Stats& stats = (*server)->stats();
    EXPECT_EQ(stats.responses(2), 2u);
    EXPECT_EQ(stats.responses(4), 3u);
    EXPECT_EQ(stats.responses(5), 0u);
}

TEST_P(ServerModes, StopBeforeRunReturnsAtOnce) {
    OneFileSite site;
    Config config;
    config.mode = GetParam();
    auto server = Server::create(config, SocketAddress::ipv4_loopback(0), site, nullptr);
    ASSERT_TRUE(server);
    (*server)->stop();
    (*server)->stop();  // idempotent
    auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE((*server)->run().has_value());
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

INSTANTIATE_TEST_SUITE_P(Httpd, ServerModes, ::testing::Values(Mode::Single, Mode::Pool),
                         [](const auto& info) {
                             return info.param == Mode::Single ? "Single" : "Pool";
                         });

TEST(Server, RefusesZeroWorkersAndNamesBindErrors) {
    OneFileSite site;
    Config config;
    config.threads = 0;
    auto zero = Server::create(config, SocketAddress::ipv4_loopback(0), site, nullptr);
    ASSERT_FALSE(zero);
    EXPECT_EQ(zero.error().code(), std::errc::invalid_argument);

    config.threads = 1;
    auto first = Server::create(config, SocketAddress::ipv4_loopback(0), site, nullptr);
    ASSERT_TRUE(first);
    auto clash = Server::create(config, (*first)->local_addr(), site, nullptr);
    ASSERT_FALSE(clash);
    EXPECT_NE(clash.error().message().find((*first)->local_addr().to_string()), std::string::npos)
        << clash.error().message();
}

}  // namespace
