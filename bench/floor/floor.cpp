// floor: the least an HTTP/1.1 keep-alive responder can do on Linux, for bench/run.sh
// (BENCH_SERVERS="... floor"). One thread; connections registered with epoll once,
// edge-triggered; per request one recv (into one buffer shared by all connections) and one send
// of a response built at start-up (no recv just to hear EAGAIN). No parsing beyond the
// request-target and the end of the head, no log, no file system after start-up, no limits and no
// timeouts: it is not a server. Its figures are what the kernel alone costs per request at each
// concurrency, the floor under every server in the bench's tables, so a scaling ratio it cannot
// reach either is the machine's, not a server's (README: host benchmark).
//
// Usage: floor --port PORT --root DIR FILE...
//   serves each FILE (a path relative to DIR, e.g. static/1k.txt) at /FILE; anything else: 404.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mcustd/net/unique_fd.hpp"

namespace {

using mcustd::net::UniqueFd;

using namespace std::string_view_literals;

struct Route {
    std::string target;    // "/static/1k.txt"
    std::string response;  // head and body, built once
};

// One connection's state beyond its descriptor: the unsent rest of a response (a view of a
// response built at start-up, so it needs no copy) and a partial request head.
struct Conn {
    std::string_view unsent;
    std::string partial;
    bool close_after = false;
};

constexpr std::string_view kNotFound = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"sv;

std::string_view respond(const std::vector<Route>& routes, std::string_view head) {
    // "GET /path HTTP/1.1": the target lies between the first two spaces.
    const std::size_t a = head.find(' ');
    const std::size_t b = a == std::string_view::npos ? a : head.find(' ', a + 1);
    if (b == std::string_view::npos) {
        return kNotFound;
    }
    const std::string_view target = head.substr(a + 1, b - a - 1);
    for (const Route& r : routes) {
        if (r.target == target) {
            return r.response;
        }
    }
    return kNotFound;
}

class Floor {
  public:
    Floor(UniqueFd listener, UniqueFd epoll, std::vector<Route> routes)
        : listener_(std::move(listener)), ep_(std::move(epoll)), routes_(std::move(routes)) {}

    int run() {
        std::vector<epoll_event> events(256);
        for (;;) {
            const int n =
                ::epoll_wait(ep_.get(), events.data(), static_cast<int>(events.size()), -1);
            if (n < 0 && errno != EINTR) {
                std::perror("floor: epoll_wait");
                return 1;
            }
            for (int i = 0; i < n; ++i) {
                const epoll_event& ev = events[static_cast<std::size_t>(i)];
                if (ev.data.fd == listener_.get()) {
                    accept_all();
                } else {
                    serve(ev.data.fd);
                }
            }
        }
    }

  private:
    void accept_all() {
        for (;;) {
            const int fd =
                ::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                return;  // EAGAIN, or out of descriptors: the next edge tries again
            }
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (static_cast<std::size_t>(fd) >= conns_.size()) {
                conns_.resize(static_cast<std::size_t>(fd) + 1024);
            }
            conns_[static_cast<std::size_t>(fd)] = Conn{};
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
            ev.data.fd = fd;
            if (::epoll_ctl(ep_.get(), EPOLL_CTL_ADD, fd, &ev) != 0) {
                ::close(fd);
            }
        }
    }

    // Sends what the connection owes; false if it must close.
    static bool flush(int fd, Conn& c, bool& blocked) {
        while (!c.unsent.empty()) {
            const ssize_t n = ::send(fd, c.unsent.data(), c.unsent.size(), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0) {
                blocked = errno == EAGAIN || errno == EWOULDBLOCK;
                return blocked;  // else a reset: close
            }
            c.unsent.remove_prefix(static_cast<std::size_t>(n));
        }
        return !c.close_after;
    }

    // Answers every complete head in `in`; keeps an incomplete one. False if it must close.
    bool answer(int fd, Conn& c, std::string_view in, bool& blocked) {
        for (;;) {
            const std::size_t end = in.find("\r\n\r\n"sv);
            if (end == std::string_view::npos) {
                c.partial.assign(in);
                return true;
            }
            const std::string_view head = in.substr(0, end);
            c.unsent = respond(routes_, head);
            c.close_after = head.find("onnection: close"sv) != std::string_view::npos;
            in.remove_prefix(end + 4);
            if (!flush(fd, c, blocked)) {
                return false;  // a reset, or answered and told to close
            }
            if (blocked) {
                c.partial.assign(in);  // pipelined requests wait for room to write
                return true;
            }
        }
    }

    void serve(int fd) {
        Conn& c = conns_[static_cast<std::size_t>(fd)];
        bool blocked = false;
        bool ok = flush(fd, c, blocked);
        if (ok && !blocked && !c.partial.empty()) {
            const std::string pending = std::exchange(c.partial, {});
            ok = answer(fd, c, pending, blocked);
        }
        while (ok && !blocked) {
            const ssize_t n = ::recv(fd, buf_.data(), buf_.size(), 0);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                break;
            }
            if (n <= 0) {
                ok = n < 0 && errno == EINTR;
                continue;
            }
            std::string_view in(buf_.data(), static_cast<std::size_t>(n));
            std::string joined;
            if (!c.partial.empty()) {
                joined = std::exchange(c.partial, {}) + std::string(in);
                in = joined;
            }
            ok = answer(fd, c, in, blocked);
            if (static_cast<std::size_t>(n) < buf_.size()) {
                // A short read emptied the receive queue: stop without the recv that would only
                // say EAGAIN (a keep-alive client sends again only after this answer). New bytes
                // bring a new edge.
                break;
            }
        }
        if (!ok) {
            c = Conn{};
            ::close(fd);  // leaves the epoll set with it
        }
    }

    UniqueFd listener_;
    UniqueFd ep_;
    std::vector<Route> routes_;
    std::vector<Conn> conns_;
    std::array<char, 16384> buf_{};
};

}  // namespace

int main(int argc, char** argv) {
    int port = -1;
    std::string root;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--port"sv && i + 1 < argc) {
            const std::string_view v = argv[++i];
            std::from_chars(v.data(), v.data() + v.size(), port);
        } else if (arg == "--root"sv && i + 1 < argc) {
            root = argv[++i];
        } else {
            files.emplace_back(arg);
        }
    }
    if (port <= 0 || port > 65535 || root.empty() || files.empty()) {
        std::fprintf(stderr, "usage: floor --port PORT --root DIR FILE...\n");
        return 2;
    }
    std::vector<Route> routes;
    for (const std::string& f : files) {
        std::string path = root;
        path.append("/").append(f);
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "floor: cannot read %s/%s\n", root.c_str(), f.c_str());
            return 1;
        }
        const std::string body((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        routes.push_back(
            {"/" + f, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body});
    }
    UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    const int one = 1;
    ::setsockopt(listener.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener.get(), 4096) != 0) {
        std::perror("floor: bind/listen 127.0.0.1");
        return 1;
    }
    UniqueFd ep(::epoll_create1(EPOLL_CLOEXEC));
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = listener.get();
    if (::epoll_ctl(ep.get(), EPOLL_CTL_ADD, listener.get(), &ev) != 0) {
        std::perror("floor: epoll_ctl");
        return 1;
    }
    return Floor(std::move(listener), std::move(ep), std::move(routes)).run();
}
