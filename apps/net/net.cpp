// net: a TCP echo server and client on mcustd::net.
//
//     net server [--bind IP] [--port P] [--count N | --once]
//         echoes each connection back until the client closes its side; serves one connection
//         at a time. Prints "listening on ADDR" first (port 0 picks a free port). Without
//         --count it serves forever. Defaults: 127.0.0.1, 7878 (use --bind 0.0.0.0 on the MCU).
//     net client ADDR:PORT MESSAGE
//         sends MESSAGE, closes its write side and prints what comes back.
//
// Exit codes: 0 ok, 1 network error (message on stderr), 2 bad arguments (usage on stderr).
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "mcustd/net.hpp"

namespace {

using namespace std::chrono_literals;
using mcustd::net::Shutdown;
using mcustd::net::SocketAddress;
using mcustd::net::TcpListener;
using mcustd::net::TcpStream;

constexpr auto kIoTimeout = 30s;       // a silent peer cannot pin the server forever
constexpr std::size_t kBufSize = 512;  // on the stack: keeps the app's footprint fixed

int usage(const char* argv0) {
    std::fprintf(stderr,
                 "usage: %s server [--bind IP] [--port P] [--count N | --once]\n"
                 "       %s client ADDR:PORT MESSAGE\n",
                 argv0, argv0);
    return 2;
}

int fail(const mcustd::Error& e) {
    std::fprintf(stderr, "net: %s\n", e.message().c_str());
    return 1;
}

template <typename Int>
bool parse_int(const char* text, Int& out, Int lo, Int hi) {
    std::string_view s(text);
    Int v{};
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi) {
        return false;
    }
    out = v;
    return true;
}

// Echoes until EOF; returns the byte count or the first error.
mcustd::Result<std::size_t> echo(TcpStream& conn) {
    if (auto r = conn.set_read_timeout(kIoTimeout); !r) {
        return r.error();
    }
    if (auto r = conn.set_write_timeout(kIoTimeout); !r) {
        return r.error();
    }
    char buf[kBufSize];
    std::size_t total = 0;
    for (;;) {
        auto n = conn.read(std::span<char>(buf));
        if (!n) {
            return n.error();
        }
        if (*n == 0) {
            return total;
        }
        if (auto w = conn.write_all(std::string_view(buf, *n)); !w) {
            return w.error();
        }
        total += *n;
    }
}

int run_server(int argc, char** argv) {
    std::string bind_ip = "127.0.0.1";
    std::uint16_t port = 7878;
    long count = -1;  // forever
    for (int i = 2; i < argc; ++i) {
        std::string_view opt(argv[i]);
        bool has_value = i + 1 < argc;
        if (opt == "--bind" && has_value) {
            bind_ip = argv[++i];
        } else if (opt == "--port" && has_value) {
            if (!parse_int<std::uint16_t>(argv[++i], port, 0, 65535)) {
                return usage(argv[0]);
            }
        } else if (opt == "--count" && has_value) {
            if (!parse_int<long>(argv[++i], count, 1, 1000000000L)) {
                return usage(argv[0]);
            }
        } else if (opt == "--once") {
            count = 1;
        } else {
            return usage(argv[0]);
        }
    }
    auto addr = SocketAddress::from_ip(bind_ip, port);
    if (!addr) {
        std::fprintf(stderr, "net: %s\n", addr.error().message().c_str());
        return usage(argv[0]);
    }
    auto listener = TcpListener::bind(*addr);
    if (!listener) {
        return fail(listener.error());
    }
    std::printf("listening on %s\n", listener->local_addr().to_string().c_str());
    std::fflush(stdout);  // a test script waits for this line to learn the port

    for (long served = 0; count < 0 || served < count; ++served) {
        auto conn = listener->accept();
        if (!conn) {
            return fail(conn.error());
        }
        auto n = echo(*conn);
        if (n) {
            // %lu, not %zu: newlib-nano printf may lack the C99 size modifiers.
            std::printf("%s: echoed %lu bytes\n", conn->peer_addr().to_string().c_str(),
                        static_cast<unsigned long>(*n));
        } else {
            // One bad client is not the server's failure: report it and serve the next.
            std::fprintf(stderr, "net: %s\n", n.error().message().c_str());
        }
        std::fflush(stdout);
    }
    return 0;
}

int run_client(int argc, char** argv) {
    if (argc != 4) {
        return usage(argv[0]);
    }
    auto addr = SocketAddress::parse(argv[2]);
    if (!addr) {
        std::fprintf(stderr, "net: %s\n", addr.error().message().c_str());
        return usage(argv[0]);
    }
    auto conn = TcpStream::connect(*addr, 10s);
    if (!conn) {
        return fail(conn.error());
    }
    if (auto r = conn->set_read_timeout(kIoTimeout); !r) {
        return fail(r.error());
    }
    if (auto w = conn->write_all(std::string_view(argv[3])); !w) {
        return fail(w.error());
    }
    if (auto s = conn->shutdown(Shutdown::kWrite); !s) {
        return fail(s.error());
    }
    char buf[kBufSize];
    for (;;) {
        auto n = conn->read(std::span<char>(buf));
        if (!n) {
            return fail(n.error());
        }
        if (*n == 0) {
            break;
        }
        std::fwrite(buf, 1, *n, stdout);
    }
    std::printf("\n");
    return 0;
}

}  // namespace

int net_main(int argc, char** argv) {
    if (argc >= 2 && std::strcmp(argv[1], "server") == 0) {
        return run_server(argc, argv);
    }
    if (argc >= 2 && std::strcmp(argv[1], "client") == 0) {
        return run_client(argc, argv);
    }
    return usage(argv[0]);
}
