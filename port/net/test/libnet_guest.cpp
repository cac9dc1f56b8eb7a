// The echo_guest.c scenario written against lib/net (TcpListener/TcpStream), the layer the web
// server uses, compiled unchanged for the MCU: proves lib/net's POSIX calls (SO_REUSEADDR,
// TCP_NODELAY, SO_RCVTIMEO with struct timeval, fcntl O_NONBLOCK, sendmsg for writev, close)
// mean the same thing over lwIP. Driven by echo_host.py; prints the same progress lines.
#include <malloc.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "board/board.h"
#include "mcustd/net.hpp"
#include "mcustd/net_port.h"

namespace net = mcustd::net;

namespace {

constexpr std::uint16_t kPort = 7;
constexpr int kLoopCount = 50;  // echo_host.py's LOOP_COUNT

void check(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAIL net_echo_libnet: %s\n", what);
        std::fflush(stdout);
        board_exit(1);
    }
}

template <typename T>
T must(mcustd::Result<T> r, const char* what) {
    if (!r) {
        std::printf("FAIL net_echo_libnet: %s: %s\n", what, r.error().message().c_str());
        std::fflush(stdout);
        board_exit(1);
    }
    return std::move(r).value();
}

void must(mcustd::Result<void> r, const char* what) {
    if (!r) {
        std::printf("FAIL net_echo_libnet: %s: %s\n", what, r.error().message().c_str());
        std::fflush(stdout);
        board_exit(1);
    }
}

// Raw POSIX: a bind to the port without SO_REUSEADDR (lib/net always sets it).
int bind_without_reuse() {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(kPort);
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    const int rc = ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    const int err = rc == 0 ? 0 : errno;
    ::close(s);
    return err;
}

}  // namespace

int main() {
    check(mcustd_net_start() == 0, "mcustd_net_start");
    std::array<char, 1460> buf{};
    {
        auto listener =
            must(net::TcpListener::bind(net::SocketAddress::ipv4_any(kPort), 2), "bind");
        std::printf("net_echo: listening on %u\n", kPort);
        std::fflush(stdout);

        // A: echo until EOF, then close (the destructor).
        {
            auto a = must(listener.accept(), "accept A");
            must(a.set_nodelay(true), "TCP_NODELAY");
            std::size_t total = 0;
            for (;;) {
                const std::size_t n = must(a.read(std::span<char>(buf)), "read A");
                if (n == 0) {
                    break;
                }
                must(a.write_all(std::string_view(buf.data(), n)), "write A");
                total += n;
            }
            std::printf("net_echo: echoed %lu bytes\n", static_cast<unsigned long>(total));
        }
        // B: the server writes (gathered: sendmsg) and closes first.
        {
            auto b = must(listener.accept(), "accept B");
            const std::array<net::IoSlice, 2> parts{net::IoSlice("by"), net::IoSlice("e\n")};
            must(b.writev_all(parts), "writev B");
        }
    }
    // R: port 7 is still held by B's closing connection.
    check(bind_without_reuse() == EADDRINUSE, "bind without SO_REUSEADDR: EADDRINUSE");
    auto listener = must(net::TcpListener::bind(net::SocketAddress::ipv4_any(kPort), 2), "re-bind");
    std::printf("net_echo: rebound port %u\n", kPort);
    std::fflush(stdout);

    // C: non-blocking read first (would block), then a blocking read bounded by SO_RCVTIMEO.
    {
        auto c = must(listener.accept(), "accept C");
        must(c.set_nonblocking(true), "O_NONBLOCK");
        auto early = c.read(std::span<char>(buf.data(), 4));
        check(!early && net::would_block(early.error()), "non-blocking read: would block");
        must(c.set_nonblocking(false), "blocking again");
        must(c.set_read_timeout(std::chrono::milliseconds(10000)), "SO_RCVTIMEO");
        std::size_t got = 0;
        while (got < 4) {
            const std::size_t n =
                must(c.read(std::span<char>(buf.data() + got, 4 - got)), "read C");
            check(n > 0, "ping arrives before EOF");
            got += n;
        }
        check(std::string_view(buf.data(), 4) == "ping", "ping");
        must(c.write_all(std::string_view("pong")), "write pong");
    }

    // L: short connections; nothing may be left behind.
    const auto heap_baseline = static_cast<std::size_t>(mallinfo().uordblks);
    std::printf("net_echo: looping %d\n", kLoopCount);
    std::fflush(stdout);
    for (int i = 0; i < kLoopCount; ++i) {
        auto d = must(listener.accept(), "accept L");
        const std::size_t n = must(d.read(std::span<char>(buf.data(), 1)), "read L");
        check(n == 1, "1 byte");
        must(d.write_all(std::string_view(buf.data(), 1)), "write L");
    }
    const auto heap_now = static_cast<std::size_t>(mallinfo().uordblks);
    mcustd_net_usage u{};
    mcustd_net_get_usage(&u);
    std::printf("net_echo: C heap %lu (baseline %lu), lwIP heap %lu, netconns %lu, pbufs %lu\n",
                static_cast<unsigned long>(heap_now), static_cast<unsigned long>(heap_baseline),
                static_cast<unsigned long>(u.heap_used),
                static_cast<unsigned long>(u.netconns_used),
                static_cast<unsigned long>(u.pbuf_pool_used));
    check(u.netconns_used == 1, "only the listener is open");
    check(u.pbuf_pool_used == 0, "no RX buffer held");
    check(heap_now == heap_baseline, "C heap back at its baseline");
    std::printf("PASS net_echo_libnet\n");
    std::fflush(stdout);
    board_exit(0);
}
