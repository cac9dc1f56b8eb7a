// Serving a request allocates nothing once the server is warm: the MCU's heap is small and
// fragments, so the engine recycles its receive buffers, scratch and batches (BlockPool), jobs
// fit inside pool::Job, and the access log copies into its ring. Counted here by replacing the
// global operator new of this test binary (its own executable, so no other test is affected).
// The same for dynamic routes (http::Router): a GET answered with JSON and a POST whose body the
// route reads, both written into the worker's buffer.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <thread>

#include "mcustd/http/router.hpp"
#include "mcustd/httpd/access_log.hpp"
#include "mcustd/httpd/server.hpp"
#include "one_file_site.hpp"

namespace {
std::atomic<unsigned long> g_allocations{0};
}  // namespace

// GCC cannot see that these replace the global pair, and warns that free() pairs with new.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) {
        return p;
    }
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

namespace {

using mcustd::httpd::AccessLog;
using mcustd::httpd::Config;
using mcustd::httpd::Mode;
using mcustd::httpd::Server;
using mcustd::net::SocketAddress;

using mcustd::httpd::test::OneFileSite;
constexpr std::string_view kBody = mcustd::httpd::test::kOneFileBody;

enum class Kind { Static, RouteGet, RoutePost };

struct Case {
    Mode mode;
    Kind kind;
};

std::string_view request_for(Kind kind) {
    switch (kind) {
        case Kind::Static:
            return "GET /x HTTP/1.1\r\nHost: t\r\n\r\n";
        case Kind::RouteGet:
            return "GET /api/n HTTP/1.1\r\nHost: t\r\n\r\n";
        case Kind::RoutePost:
            break;
    }
    return "POST /api/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello";
}

// What each kind's response body ends with.
std::string_view body_for(Kind kind) {
    switch (kind) {
        case Kind::Static:
            return kBody;
        case Kind::RouteGet:
            return R"({"n":7})";
        case Kind::RoutePost:
            break;
    }
    return R"({"got":"hello"})";
}

// One keep-alive request and its whole response, with no allocation on this side either: the
// length of the first response is learnt once and every later one must match it.
bool round_trip(int fd, Kind kind, std::size_t& response_size) {
    const std::string_view request = request_for(kind);
    const std::string_view body = body_for(kind);
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
        return false;
    }
    std::array<char, 1024> buf{};
    std::size_t got = 0;
    for (;;) {
        const ssize_t n = ::recv(fd, buf.data() + got, buf.size() - got, 0);
        if (n <= 0) {
            return false;
        }
        got += static_cast<std::size_t>(n);
        const std::string_view text(buf.data(), got);
        if (response_size == 0 && text.find("\r\n\r\n") != std::string_view::npos &&
            text.ends_with(body)) {
            response_size = got;
        }
        if (response_size != 0 && got >= response_size) {
            return got == response_size;
        }
    }
}

class AllocFree : public ::testing::TestWithParam<Case> {};

TEST_P(AllocFree, ThousandKeepAliveRequestsAllocateNothingOnceWarm) {
    OneFileSite site;
    const mcustd::http::StaticHandler files(site);
    mcustd::http::Router router(files);
    router.get("/api/n", [](const mcustd::http::Request&, mcustd::http::Reply& reply) {
        reply.json().begin_object().key("n").value(7).end_object();
    });
    router.post("/api/echo", [](const mcustd::http::Request& req, mcustd::http::Reply& reply) {
        reply.json().begin_object().key("got").value(req.body).end_object();
    });
    const Kind kind = GetParam().kind;
    const int devnull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    ASSERT_GE(devnull, 0);
    {
        AccessLog log(devnull, 4096);
        Config config;
        config.mode = GetParam().mode;
        config.threads = 2;
        auto server = Server::create(config, SocketAddress::ipv4_loopback(0), router, &log);
        ASSERT_TRUE(server) << server.error().message();
        std::thread runner([&] { (void)(*server)->run(); });

        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons((*server)->local_addr().port());
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

        std::size_t response_size = 0;
        bool ok = true;
        for (int i = 0; i < 200 && ok; ++i) {  // warm-up: pools, batches, queues reach size
            ok = round_trip(fd, kind, response_size);
        }
        const unsigned long before = g_allocations.load();
        for (int i = 0; i < 1000 && ok; ++i) {
            ok = round_trip(fd, kind, response_size);
        }
        const unsigned long allocations = g_allocations.load() - before;
        ::close(fd);
        (*server)->stop();
        runner.join();
        EXPECT_TRUE(ok) << "a request failed";
        EXPECT_EQ(allocations, 0u) << "heap allocations during 1,000 warm keep-alive requests";
        EXPECT_EQ((*server)->stats().responses(2), 1200u) << "every answer counted as a 2xx";
    }
    ::close(devnull);
}

INSTANTIATE_TEST_SUITE_P(
    Httpd, AllocFree,
    ::testing::Values(Case{Mode::Single, Kind::Static}, Case{Mode::Pool, Kind::Static},
                      Case{Mode::Single, Kind::RouteGet}, Case{Mode::Pool, Kind::RouteGet},
                      Case{Mode::Single, Kind::RoutePost}, Case{Mode::Pool, Kind::RoutePost}),
    [](const auto& info) {
        const char* kind = info.param.kind == Kind::Static     ? "Static"
                           : info.param.kind == Kind::RouteGet ? "RouteGet"
                                                               : "RoutePost";
        return std::string(info.param.mode == Mode::Single ? "Single" : "Pool") + kind;
    });

}  // namespace
