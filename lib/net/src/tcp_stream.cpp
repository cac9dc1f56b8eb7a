#include "mcustd/net/tcp_stream.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>

#include "mcustd/net/sys_structs.hpp"
#include "socket_ops.hpp"

namespace mcustd::net {
namespace {

bool is_again(int err) noexcept {
    return err == EAGAIN || err == EWOULDBLOCK;
}

// Waits for a non-blocking connect() to finish; returns 0 or an errno value.
int finish_connect(int fd, std::optional<std::chrono::milliseconds> timeout) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = timeout ? Clock::now() + *timeout : Clock::time_point::max();
    for (;;) {
        int wait_ms = -1;
        if (timeout) {
            auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) {
                return ETIMEDOUT;
            }
            wait_ms = static_cast<int>(std::min<long long>(left.count(), 1 << 30));
        }
        pollfd p = make_pollfd(fd, POLLOUT);
        int n = ::poll(&p, 1, wait_ms);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return errno;
        }
        if (n == 0) {
            continue;  // the deadline check above turns this into ETIMEDOUT
        }
        int err = 0;
        socklen_t len = sizeof err;
        if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) {
            return errno;
        }
        return err;
    }
}

}  // namespace

bool would_block(const Error& e) noexcept {
    return e.code() == std::errc::resource_unavailable_try_again ||
           e.code() == std::errc::operation_would_block;
}

TcpStream::TcpStream(UniqueFd fd, SocketAddress peer) noexcept : fd_(std::move(fd)), peer_(peer) {}

Result<TcpStream> TcpStream::connect(const SocketAddress& addr,
                                     std::optional<std::chrono::milliseconds> timeout) {
    UniqueFd fd(::socket(addr.family(), SOCK_STREAM, 0));
    if (!fd) {
        return detail::sys_error("socket", addr, errno);
    }
    detail::prepare_socket(fd.get());
    if (timeout) {
        if (int err = detail::set_nonblocking(fd.get(), true)) {
            return detail::sys_error("connect", addr, err);
        }
    }
    int err = 0;
    if (::connect(fd.get(), addr.native(), addr.native_size()) < 0) {
        err = errno;
        // EINTR: the connection continues in the background, so wait for it like EINPROGRESS.
        if (err == EINPROGRESS || err == EINTR) {
            err = finish_connect(fd.get(), timeout);
        }
    }
    if (err != 0) {
        return detail::sys_error("connect", addr, err);
    }
    if (timeout) {
        if (int e = detail::set_nonblocking(fd.get(), false)) {
            return detail::sys_error("connect", addr, e);
        }
    }
    return TcpStream(std::move(fd), addr);
}

Error TcpStream::error(const char* call, int err) const {
    // A blocking socket only says EAGAIN when SO_RCVTIMEO/SO_SNDTIMEO expired: call it a timeout.
    if (!nonblocking_ && is_again(err)) {
        err = ETIMEDOUT;
    }
    return detail::sys_error(call, peer_, err);
}

Result<std::size_t> TcpStream::read(std::span<std::byte> buf) {
    for (;;) {
        auto n = ::recv(fd_.get(), buf.data(), buf.size(), 0);
        if (n >= 0) {
            return static_cast<std::size_t>(n);
        }
        if (errno != EINTR) {
            return error("read", errno);
        }
    }
}

Result<std::size_t> TcpStream::read(std::span<char> buf) {
    return read(std::as_writable_bytes(buf));
}

Result<std::size_t> TcpStream::write(std::span<const std::byte> buf) {
    for (;;) {
        auto n = ::send(fd_.get(), buf.data(), buf.size(), detail::kSendFlags);
        if (n >= 0) {
            return static_cast<std::size_t>(n);
        }
        if (errno != EINTR) {
            return error("write", errno);
        }
    }
}

Result<std::size_t> TcpStream::write(std::string_view buf) {
    return write(std::as_bytes(std::span(buf.data(), buf.size())));
}

Result<void> TcpStream::write_all(std::span<const std::byte> buf) {
    while (!buf.empty()) {
        auto n = write(buf);
        if (!n) {
            return n.error();
        }
        if (*n == 0) {
            return error("write", EPIPE);  // no progress on a non-empty write: treat as closed
        }
        buf = buf.subspan(*n);
    }
    return {};
}

Result<void> TcpStream::write_all(std::string_view buf) {
    return write_all(std::as_bytes(std::span(buf.data(), buf.size())));
}

Result<std::size_t> TcpStream::writev(std::span<const IoSlice> slices) {
    if (slices.size() > kMaxSlices) {
        return detail::sys_error("writev", peer_, EINVAL);
    }
    if (slices.empty()) {
        return std::size_t{0};  // lwIP rejects msg_iovlen == 0 (EMSGSIZE); nothing to send anyway
    }
    iovec iov[kMaxSlices];
    for (std::size_t i = 0; i < slices.size(); ++i) {
        iov[i] = make_iovec(slices[i].data, slices[i].size);
    }
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = static_cast<decltype(msg.msg_iovlen)>(slices.size());
    for (;;) {
        auto n = ::sendmsg(fd_.get(), &msg, detail::kSendFlags);
        if (n >= 0) {
            return static_cast<std::size_t>(n);
        }
        if (errno != EINTR) {
            return error("writev", errno);
        }
    }
}

Result<void> TcpStream::writev_all(std::span<const IoSlice> slices) {
    if (slices.size() > kMaxSlices) {
        return detail::sys_error("writev", peer_, EINVAL);
    }
    IoSlice left[kMaxSlices];
    std::size_t count = 0;
    for (const auto& s : slices) {
        if (s.size != 0) {
            left[count++] = s;
        }
    }
    std::size_t first = 0;
    while (first < count) {
        auto n = writev(std::span<const IoSlice>(left + first, count - first));
        if (!n) {
            return n.error();
        }
        if (*n == 0) {
            return error("writev", EPIPE);
        }
        // Drop the fully written slices and trim the partly written one.
        std::size_t done = *n;
        while (first < count && done >= left[first].size) {
            done -= left[first].size;
            ++first;
        }
        if (first < count) {
            left[first].data = static_cast<const std::byte*>(left[first].data) + done;
            left[first].size -= done;
        }
    }
    return {};
}

Result<void> TcpStream::shutdown(Shutdown how) {
    int h = how == Shutdown::kRead ? SHUT_RD : how == Shutdown::kWrite ? SHUT_WR : SHUT_RDWR;
    if (::shutdown(fd_.get(), h) < 0) {
        return error("shutdown", errno);
    }
    return {};
}

Result<void> TcpStream::set_read_timeout(std::optional<std::chrono::milliseconds> timeout) {
    if (int err = detail::set_timeout(fd_.get(), SO_RCVTIMEO, timeout)) {
        return error("setsockopt SO_RCVTIMEO", err);
    }
    return {};
}

Result<void> TcpStream::set_write_timeout(std::optional<std::chrono::milliseconds> timeout) {
    if (int err = detail::set_timeout(fd_.get(), SO_SNDTIMEO, timeout)) {
        return error("setsockopt SO_SNDTIMEO", err);
    }
    return {};
}

Result<void> TcpStream::set_nodelay(bool on) {
    if (int err = detail::set_int_option(fd_.get(), IPPROTO_TCP, TCP_NODELAY, on ? 1 : 0)) {
        return error("setsockopt TCP_NODELAY", err);
    }
    return {};
}

Result<void> TcpStream::set_nonblocking(bool on) {
    if (int err = detail::set_nonblocking(fd_.get(), on)) {
        return error("fcntl O_NONBLOCK", err);
    }
    nonblocking_ = on;
    return {};
}

Result<SocketAddress> TcpStream::local_addr() const {
    union {
        sockaddr any;
        sockaddr_in v4;
        sockaddr_in6 v6;
    } a{};
    socklen_t len = sizeof a;
    if (::getsockname(fd_.get(), &a.any, &len) < 0) {
        return error("getsockname", errno);
    }
    return SocketAddress::from_native(&a.any, len);
}

}  // namespace mcustd::net
