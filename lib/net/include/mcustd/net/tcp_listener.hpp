// TcpListener: a bound, listening TCP socket. Move-only; closes on destruction.
//
//     auto l = TcpListener::bind(SocketAddress::ipv4_loopback(0));  // port 0: OS picks one
//     auto port = l->local_addr()->port();
//     auto conn = l->accept();          // Result<TcpStream>, peer address in conn->peer_addr()
//
// SO_REUSEADDR is set before bind (restart without waiting out TIME_WAIT); an IPv6 listener is
// IPV6_V6ONLY where the platform has it, so v4 and v6 listeners can share a port.
#pragma once

#include "mcustd/net/socket_address.hpp"
#include "mcustd/net/tcp_stream.hpp"
#include "mcustd/net/unique_fd.hpp"
#include "mcustd/result.hpp"

namespace mcustd::net {

class TcpListener {
  public:
    static constexpr int kDefaultBacklog = 128;

    static Result<TcpListener> bind(const SocketAddress& addr, int backlog = kDefaultBacklog);

    // Waits for a connection (or, non-blocking, fails with would_block()). The returned stream
    // is in blocking mode whatever the listener's mode, unless `nonblocking`: then it is in
    // non-blocking mode, set in the same system call where the platform has accept4 (Linux,
    // which also marks it close-on-exec), else by fcntl after accept (the MCU).
    Result<TcpStream> accept(bool nonblocking = false);

    // The bound address, with the real port when bound to port 0.
    [[nodiscard]] const SocketAddress& local_addr() const noexcept { return local_; }
    Result<void> set_nonblocking(bool on);
    [[nodiscard]] int native_handle() const noexcept { return fd_.get(); }

  private:
    TcpListener(UniqueFd fd, SocketAddress local) noexcept;

    UniqueFd fd_;
    SocketAddress local_;
};

}  // namespace mcustd::net
