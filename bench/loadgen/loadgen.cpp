// loadgen: a lean HTTP/1.1 load generator for bench/run.sh (BENCH_CLIENT=loadgen), because on a
// 2-core machine one wrk thread saturates its core before the server saturates the other (README:
// host benchmark). It takes wrk's options for what the bench uses and prints wrk's summary lines,
// so the bench parses either. Per request it makes one send and (for small responses) one recv;
// all connections share one receive buffer and are registered with epoll once, edge-triggered;
// the clock is read once per wake-up, so a latency is measured to within one batch.
//
// Every response is checked: a status line, a Content-Length (or Connection: close), and exactly
// that many body bytes; anything else is counted as a read error and the connection is replaced.
//
// Usage: loadgen [-t 1] -c CONNECTIONS -d SECONDS[s] [--timeout SECONDS[s]] [--latency]
//                [-H 'Connection: close'] http://127.0.0.1:PORT/PATH
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::uint64_t now_ns() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u +
           static_cast<std::uint64_t>(ts.tv_nsec);
}

// Log-linear latency histogram: 16 buckets per power of two (about 6% wide), nanoseconds.
class Histogram {
  public:
    void add(std::uint64_t ns) {
        ++counts_[index(ns)];
        ++total_;
    }
    [[nodiscard]] std::uint64_t total() const { return total_; }
    // The upper bound of the bucket that holds the p-th percentile.
    [[nodiscard]] std::uint64_t percentile(double p) const {
        const auto want = static_cast<std::uint64_t>(p / 100.0 * static_cast<double>(total_));
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < counts_.size(); ++i) {
            seen += counts_[i];
            if (seen > want || (seen == total_ && seen != 0)) {
                return upper(i);
            }
        }
        return 0;
    }

  private:
    static constexpr unsigned kSub = 4;  // 2^4 buckets per octave
    static std::size_t index(std::uint64_t v) {
        if (v < (1u << kSub)) {
            return static_cast<std::size_t>(v);
        }
        const unsigned msb = 63u - static_cast<unsigned>(__builtin_clzll(v));
        const auto sub = static_cast<unsigned>((v >> (msb - kSub)) & ((1u << kSub) - 1));
        return ((msb - kSub + 1) << kSub) + sub;
    }
    static std::uint64_t upper(std::size_t i) {
        if (i < (1u << kSub)) {
            return i;
        }
        const unsigned octave = static_cast<unsigned>(i >> kSub) + kSub - 1;
        const std::uint64_t sub = i & ((1u << kSub) - 1);
        return ((std::uint64_t{1} << kSub) + sub + 1) << (octave - kSub);
    }
    std::array<std::uint64_t, 64u << kSub> counts_{};
    std::uint64_t total_ = 0;
};

struct Options {
    int connections = 10;
    double seconds = 10;
    double timeout = 2;
    bool close = false;  // -H 'Connection: close': a new connection per request
    std::string host;
    std::uint16_t port = 0;
    std::string path;
    std::string url;
};

double parse_seconds(const char* s) {
    char* end = nullptr;
    double v = std::strtod(s, &end);
    if (end == s) {
        return -1;
    }
    if (std::strcmp(end, "ms") == 0) {
        v /= 1000;
    } else if (std::strcmp(end, "m") == 0) {
        v *= 60;
    } else if (*end != '\0' && std::strcmp(end, "s") != 0) {
        return -1;
    }
    return v;
}

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "loadgen: %s\nusage: loadgen [-t 1] -c N -d SECONDS [--timeout SECONDS] "
                 "[--latency] [-H 'Connection: close'] http://127.0.0.1:PORT/PATH\n",
                 why);
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        const auto value = [&]() -> const char* {
            if (i + 1 >= argc) {
                usage("an option lacks its value");
            }
            return argv[++i];
        };
        if (a == "-t") {
            if (std::string_view(value()) != "1") {
                usage("one thread only (-t 1): the bench gives the client one core");
            }
        } else if (a == "-c") {
            const std::string_view v = value();
            const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), o.connections);
            if (ec != std::errc() || end != v.data() + v.size()) {
                usage("-c takes a number");
            }
        } else if (a == "-d") {
            o.seconds = parse_seconds(value());
        } else if (a == "--timeout") {
            o.timeout = parse_seconds(value());
        } else if (a == "--latency") {
            // always printed
        } else if (a == "-H") {
            const std::string_view h = value();
            if (h != "Connection: close") {
                usage("the only header supported is 'Connection: close'");
            }
            o.close = true;
        } else if (a.starts_with("http://")) {
            o.url = a;
            const std::string_view rest = a.substr(7);
            const auto slash = rest.find('/');
            const std::string_view authority = rest.substr(0, slash);
            o.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
            const auto colon = authority.rfind(':');
            if (colon == std::string_view::npos) {
                usage("the URL needs a port");
            }
            o.host = authority.substr(0, colon);
            const std::string_view port = authority.substr(colon + 1);
            unsigned p = 0;
            const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
            if (ec != std::errc() || end != port.data() + port.size() || p == 0 || p > 65535) {
                usage("bad port in the URL");
            }
            o.port = static_cast<std::uint16_t>(p);
        } else {
            usage("unknown argument");
        }
    }
    if (o.url.empty() || o.connections < 1 || o.seconds <= 0 || o.timeout <= 0) {
        usage("need a URL, -c >= 1, -d > 0 and --timeout > 0");
    }
    return o;
}

struct Stats {
    std::uint64_t requests = 0;  // complete, valid responses
    std::uint64_t bytes = 0;
    std::uint64_t non2xx3xx = 0;
    std::uint64_t connect_errors = 0;
    std::uint64_t read_errors = 0;
    std::uint64_t write_errors = 0;
    std::uint64_t timeouts = 0;
    Histogram latency;
};

// One connection's progress through its current request.
struct Conn {
    int fd = -1;
    bool connected = false;
    bool in_flight = false;
    std::uint64_t started = 0;  // when the request was sent
    std::size_t head_len = 0;   // bytes of the head collected so far in `head`
    std::uint64_t left = 0;     // body bytes still to come, once the head is parsed
    bool head_done = false;
    bool until_close = false;  // no Content-Length: the body ends with the connection
    std::array<char, 1024> head{};
};

class Generator {
  public:
    explicit Generator(const Options& o)
        : o_(o),
          conns_(static_cast<std::size_t>(o.connections)),
          request_("GET " + o.path + " HTTP/1.1\r\nHost: " + o.host + ":" + std::to_string(o.port) +
                   "\r\n" + (o.close ? "Connection: close\r\n" : "") + "\r\n") {
        addr_.sin_family = AF_INET;
        addr_.sin_port = htons(o.port);
        if (::inet_pton(AF_INET, o.host.c_str(), &addr_.sin_addr) != 1) {
            usage("the host must be an IPv4 address");
        }
        ep_ = ::epoll_create1(EPOLL_CLOEXEC);
        if (ep_ < 0) {
            std::perror("loadgen: epoll_create1");
            std::exit(1);
        }
    }
    Generator(const Generator&) = delete;
    Generator& operator=(const Generator&) = delete;
    ~Generator() {
        for (Conn& c : conns_) {
            if (c.fd >= 0) {
                ::close(c.fd);
            }
        }
        ::close(ep_);
    }

    int run() {
        const std::uint64_t start = now_ns();
        const auto length = static_cast<std::uint64_t>(o_.seconds * 1e9);
        for (Conn& c : conns_) {
            open(c, start);
        }
        std::vector<epoll_event> events(1024);
        std::uint64_t now = start;
        std::uint64_t next_sweep = start + timeout_ns_ / 4;
        while (now - start < length) {
            const std::uint64_t left_ms = (length - (now - start)) / 1'000'000 + 1;
            const int n = ::epoll_wait(ep_, events.data(), static_cast<int>(events.size()),
                                       static_cast<int>(std::min<std::uint64_t>(left_ms, 100)));
            now = now_ns();
            for (int i = 0; i < n; ++i) {
                Conn& c = conns_[events[static_cast<std::size_t>(i)].data.u32];
                on_event(c, events[static_cast<std::size_t>(i)].events, now);
            }
            if (now >= next_sweep) {
                sweep(now);
                next_sweep = now + timeout_ns_ / 4;
            }
        }
        report(now - start);
        return 0;
    }

  private:
    // `now` is the time of the current wake-up, so every time stamp compares with it.
    void open(Conn& c, std::uint64_t now) {
        c = Conn{};
        c.started = now;  // a connect that never completes times out too
        c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (c.fd < 0) {
            ++stats_.connect_errors;
            return;
        }
        const int one = 1;
        ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
        ev.data.u32 = static_cast<std::uint32_t>(&c - conns_.data());
        if (::epoll_ctl(ep_, EPOLL_CTL_ADD, c.fd, &ev) != 0 ||
            (::connect(c.fd, reinterpret_cast<const sockaddr*>(&addr_), sizeof addr_) != 0 &&
             errno != EINPROGRESS)) {
            ++stats_.connect_errors;
            ::close(c.fd);
            c.fd = -1;
        }
    }

    void replace(Conn& c, std::uint64_t now) {
        ::close(c.fd);  // leaves the epoll set with it
        open(c, now);
    }

    void send_request(Conn& c, std::uint64_t now) {
        const ssize_t n = ::send(c.fd, request_.data(), request_.size(), MSG_NOSIGNAL);
        if (n != static_cast<ssize_t>(request_.size())) {
            ++stats_.write_errors;  // a request this small always fits a fresh socket buffer
            replace(c, now);
            return;
        }
        c.in_flight = true;
        c.started = now;
        c.head_len = 0;
        c.head_done = false;
        c.until_close = false;
        c.left = 0;
    }

    void on_event(Conn& c, std::uint32_t events, std::uint64_t now) {
        if (c.fd < 0) {
            return;
        }
        if (!c.connected) {
            int err = 0;
            socklen_t len = sizeof err;
            if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0) {
                return;
            }
            if (::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
                ++stats_.connect_errors;
                replace(c, now);
                return;
            }
            c.connected = true;
            send_request(c, now);
            return;
        }
        if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)) != 0 && c.in_flight) {
            receive(c, now, (events & (EPOLLRDHUP | EPOLLERR | EPOLLHUP)) != 0);
        }
    }

    // Reads what has arrived. A read shorter than the buffer emptied the socket, and data that
    // comes later raises a new edge, so no read ends in EAGAIN, unless the peer closed: then
    // reading goes on to the end, which raises no further edge.
    void receive(Conn& c, std::uint64_t now, bool peer_closed) {
        for (;;) {
            const ssize_t n = ::recv(c.fd, buf_.data(), buf_.size(), 0);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                return;
            }
            if (n <= 0) {
                if (n == 0 && c.head_done && c.until_close) {
                    complete(c, now);
                    if (c.fd >= 0) {
                        replace(c, now);
                    }
                    return;
                }
                ++stats_.read_errors;
                replace(c, now);
                return;
            }
            stats_.bytes += static_cast<std::uint64_t>(n);
            if (!consume(c, buf_.data(), static_cast<std::size_t>(n), now)) {
                return;
            }
            if (static_cast<std::size_t>(n) < buf_.size() && !peer_closed) {
                return;
            }
        }
    }

    // False when the connection was replaced (an invalid response, or Connection: close).
    bool consume(Conn& c, const char* p, std::size_t n, std::uint64_t now) {
        if (!c.head_done) {
            const std::size_t take = std::min(n, c.head.size() - c.head_len);
            std::memcpy(c.head.data() + c.head_len, p, take);
            const std::string_view seen(c.head.data(), c.head_len + take);
            const auto end = seen.find("\r\n\r\n");
            if (end == std::string_view::npos) {
                c.head_len += take;
                if (c.head_len == c.head.size()) {
                    ++stats_.read_errors;  // a head this long is not one of the bench's
                    replace(c, now);
                    return false;
                }
                return true;
            }
            const std::size_t body_here = c.head_len + take - (end + 4);
            const std::size_t used_now = take - body_here;
            if (!parse_head(c, seen.substr(0, end + 2))) {
                ++stats_.read_errors;
                replace(c, now);
                return false;
            }
            c.head_done = true;
            n -= used_now;
        }
        if (c.until_close) {
            return true;  // counted when the server closes
        }
        if (n > c.left) {
            ++stats_.read_errors;  // more than the response: nothing was pipelined
            replace(c, now);
            return false;
        }
        c.left -= n;
        if (c.left == 0) {
            complete(c, now);
            if (o_.close) {
                replace(c, now);
                return false;
            }
            send_request(c, now);
        }
        return true;
    }

    bool parse_head(Conn& c, std::string_view head) {
        if (!head.starts_with("HTTP/1.") || head.size() < 12) {
            return false;
        }
        const char d = head[9];
        if (d < '1' || d > '5') {
            return false;
        }
        if (d != '2' && d != '3') {
            ++stats_.non2xx3xx;
        }
        // Content-Length, matched case-insensitively at a line start.
        for (std::size_t pos = head.find("\r\n"); pos != std::string_view::npos;
             pos = head.find("\r\n", pos + 2)) {
            const std::string_view line =
                head.substr(pos + 2, head.find("\r\n", pos + 2) - pos - 2);
            constexpr std::string_view kName = "content-length:";
            if (line.size() > kName.size() &&
                std::equal(kName.begin(), kName.end(), line.begin(),
                           [](char a, char b) { return a == (b | 0x20); })) {
                std::string_view v = line.substr(kName.size());
                while (!v.empty() && v.front() == ' ') {
                    v.remove_prefix(1);
                }
                const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), c.left);
                return ec == std::errc() && end == v.data() + v.size();
            }
        }
        c.until_close = true;
        return true;
    }

    void complete(Conn& c, std::uint64_t now) {
        c.in_flight = false;
        ++stats_.requests;
        const std::uint64_t took = now - c.started;
        stats_.latency.add(took);
        if (took > timeout_ns_) {
            ++stats_.timeouts;
        }
    }

    // A request older than the timeout is counted once and its connection replaced, as a client
    // that gives up would (wrk counts it and keeps waiting; either way the rate shows it).
    void sweep(std::uint64_t now) {
        for (Conn& c : conns_) {
            if (c.fd < 0) {
                open(c, now);
            } else if ((c.in_flight || !c.connected) && now - c.started > timeout_ns_) {
                ++stats_.timeouts;
                replace(c, now);
            }
        }
    }

    void report(std::uint64_t elapsed_ns) const {
        const double secs = static_cast<double>(elapsed_ns) / 1e9;
        std::printf("Running %.0fs test @ %s\n", o_.seconds, o_.url.c_str());
        std::printf("  1 threads and %d connections\n", o_.connections);
        std::printf("  Latency Distribution\n");
        for (const double p : {50.0, 75.0, 90.0, 99.0}) {
            print_latency(p, stats_.latency.percentile(p));
        }
        std::printf("  %llu requests in %.2fs, %.2fMB read\n",
                    static_cast<unsigned long long>(stats_.requests), secs,
                    static_cast<double>(stats_.bytes) / (1024.0 * 1024.0));
        if (stats_.connect_errors + stats_.read_errors + stats_.write_errors + stats_.timeouts !=
            0) {
            std::printf("  Socket errors: connect %llu, read %llu, write %llu, timeout %llu\n",
                        static_cast<unsigned long long>(stats_.connect_errors),
                        static_cast<unsigned long long>(stats_.read_errors),
                        static_cast<unsigned long long>(stats_.write_errors),
                        static_cast<unsigned long long>(stats_.timeouts));
        }
        if (stats_.non2xx3xx != 0) {
            std::printf("  Non-2xx or 3xx responses: %llu\n",
                        static_cast<unsigned long long>(stats_.non2xx3xx));
        }
        std::printf("Requests/sec: %10.2f\n", static_cast<double>(stats_.requests) / secs);
        std::printf("Transfer/sec: %10.2fMB\n",
                    static_cast<double>(stats_.bytes) / (1024.0 * 1024.0) / secs);
    }

    static void print_latency(double p, std::uint64_t ns) {
        if (ns < 1'000'000) {
            std::printf("     %.0f%%  %.2fus\n", p, static_cast<double>(ns) / 1e3);
        } else if (ns < 1'000'000'000) {
            std::printf("     %.0f%%  %.2fms\n", p, static_cast<double>(ns) / 1e6);
        } else {
            std::printf("     %.0f%%  %.2fs\n", p, static_cast<double>(ns) / 1e9);
        }
    }

    const Options& o_;
    const std::uint64_t timeout_ns_ = static_cast<std::uint64_t>(o_.timeout * 1e9);
    std::vector<Conn> conns_;
    std::string request_;
    sockaddr_in addr_{};
    int ep_ = -1;
    std::array<char, std::size_t{64} * 1024> buf_{};
    Stats stats_;
};

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse_options(argc, argv);
    Generator g(o);
    return g.run();
}
