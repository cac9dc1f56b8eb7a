// TcpStream: one connected TCP socket. Move-only; closes on destruction.
//
// Errors are mcustd::Error with a generic_category errno code and a context naming the call and
// the peer, e.g. "connect [::1]:9: Connection refused" or "read 127.0.0.1:7878: ...".
//
// Portability: only calls a small POSIX RTOS with lwIP also has (socket, connect, poll, fcntl
// O_NONBLOCK, setsockopt, recv, send, sendmsg, shutdown, close). Writes pass MSG_NOSIGNAL where
// the platform defines it, so a peer that resets the connection gives an EPIPE/ECONNRESET error
// instead of a SIGPIPE that would kill the process (SO_NOSIGPIPE on systems without it; nothing
// under lwIP, which has no signals and whose sendmsg refuses the flag).
//
// Timeouts: in blocking mode, a read or write that hits SO_RCVTIMEO / SO_SNDTIMEO fails with
// std::errc::timed_out. In non-blocking mode, "try again" fails with
// std::errc::resource_unavailable_try_again / operation_would_block: test with would_block().
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "mcustd/net/io_slice.hpp"
#include "mcustd/net/socket_address.hpp"
#include "mcustd/net/unique_fd.hpp"
#include "mcustd/result.hpp"

namespace mcustd::net {

enum class Shutdown { kRead, kWrite, kBoth };

// True when `e` only means "not ready now" (EAGAIN / EWOULDBLOCK) on a non-blocking socket.
[[nodiscard]] bool would_block(const Error& e) noexcept;

class TcpStream {
  public:
    // Adopts a connected socket (as accept() does). `peer` is used in error messages.
    TcpStream(UniqueFd fd, SocketAddress peer) noexcept;

    // Connects to `addr`. With a timeout, gives up after it with std::errc::timed_out; without,
    // waits as long as the platform's connect() does. The stream is left in blocking mode.
    static Result<TcpStream> connect(const SocketAddress& addr,
                                     std::optional<std::chrono::milliseconds> timeout = {});

    // Reads up to buf.size() bytes; 0 means the peer closed its side (EOF).
    Result<std::size_t> read(std::span<std::byte> buf);
    Result<std::size_t> read(std::span<char> buf);
    // Writes some of `buf` (at least one byte unless buf is empty); returns how many.
    Result<std::size_t> write(std::span<const std::byte> buf);
    Result<std::size_t> write(std::string_view buf);
    // Writes all of `buf`, looping over partial writes (blocking mode; on a non-blocking socket it
    // fails with would_block() and the count written so far is lost, so use write() there).
    Result<void> write_all(std::span<const std::byte> buf);
    Result<void> write_all(std::string_view buf);
    // Writes several buffers with ONE sendmsg call (e.g. HTTP header + body leave together, so
    // Nagle never holds the body back). Returns the bytes written, possibly fewer than the total.
    // At most kMaxSlices slices per call.
    static constexpr std::size_t kMaxSlices = 16;
    Result<std::size_t> writev(std::span<const IoSlice> slices);
    // writev until every byte is written (blocking mode).
    Result<void> writev_all(std::span<const IoSlice> slices);

    Result<void> shutdown(Shutdown how);

    // nullopt or zero: no timeout (block indefinitely).
    Result<void> set_read_timeout(std::optional<std::chrono::milliseconds> timeout);
    Result<void> set_write_timeout(std::optional<std::chrono::milliseconds> timeout);
    Result<void> set_nodelay(bool on);
    Result<void> set_nonblocking(bool on);
    [[nodiscard]] bool is_nonblocking() const noexcept { return nonblocking_; }

    [[nodiscard]] const SocketAddress& peer_addr() const noexcept { return peer_; }
    Result<SocketAddress> local_addr() const;
    [[nodiscard]] int native_handle() const noexcept { return fd_.get(); }
    [[nodiscard]] bool is_open() const noexcept { return fd_.valid(); }
    // Closes now (the destructor would anyway).
    void close() noexcept { fd_.reset(); }

  private:
    Error error(const char* call, int err) const;

    UniqueFd fd_;
    SocketAddress peer_;
    bool nonblocking_ = false;  // tracked so EAGAIN can be reported as a timeout when blocking
};

}  // namespace mcustd::net
