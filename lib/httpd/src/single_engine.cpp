// Single mode: the Rust Book's first server. One connection at a time, served to the end before
// the next is accepted. Still correct HTTP: keep-alive, pipelining, and the header, idle and write
// timeouts (poll() with the connection's deadline), so a silent client cannot hold it forever;
// and its cap is one connection, so a client waiting to connect evicts an idle or silent one
// (src/evict.hpp) instead of waiting for its timeout.
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <memory>

#include "clock.hpp"
#include "connection.hpp"
#include "evict.hpp"
#include "mcustd/httpd/server.hpp"
#include "mcustd/net/sys_structs.hpp"
#include "waker.hpp"

namespace mcustd::httpd {

namespace {

constexpr int kMaxPollWaitMs = 1000;

int wait_ms(Clock::time_point now, Clock::time_point deadline) {
    auto wait = std::chrono::milliseconds(kMaxPollWaitMs);
    if (deadline - now < wait) {
        wait = std::chrono::ceil<std::chrono::milliseconds>(
            std::max(deadline - now, Clock::duration::zero()));
    }
    return static_cast<int>(wait.count());
}

}  // namespace

class SingleEngine {
  public:
    explicit SingleEngine(Server& server)
        : server_(server),
          scratch_size_(server.handler_->buffer_size()),  // any path within the request line
          scratch_(std::make_unique<char[]>(scratch_size_)) {}

    Result<void> run() {
        while (!server_.stop_requested()) {
            Clock::time_point now = Clock::now();
            pollfd pfds[2] = {net::make_pollfd(server_.waker_->fd(), POLLIN),
                              net::make_pollfd(server_.listener_->native_handle(), POLLIN)};
            int n = ::poll(pfds, 2, wait_ms(now, Clock::time_point::max()));
            if (n < 0 && errno != EINTR) {
                return Error::from_errno("httpd: poll", errno);
            }
            if (n > 0 && pfds[0].revents != 0) {
                server_.waker_->drain();
            }
            if (n > 0 && pfds[1].revents != 0) {
                auto stream = server_.listener_->accept(true);
                if (stream && stream->set_nodelay(true)) {  // non-blocking: accept(true)
                    Connection conn(std::move(*stream), Clock::now(), server_.config_,
                                    recv_blocks_);
                    server_.stats_.set_connections(1);
                    serve(conn);
                    server_.stats_.set_connections(0);
                }
            }
        }
        return {};
    }

  private:
    // Serves one connection until it closes, times out, or the server stops (a response in
    // flight is finished first).
    void serve(Connection& conn) {
        for (;;) {
            ServeContext ctx{server_.config_,
                             *server_.handler_,
                             server_.log_,
                             server_.stats_,
                             std::span<char>(scratch_.get(), scratch_size_),
                             Clock::now(),
                             server_.stop_requested()};
            Next next = conn.serve(ctx);
            if (next == Next::Close) {
                return;
            }
            if (next == Next::Again) {
                continue;
            }
            for (;;) {
                Clock::time_point now = Clock::now();
                if (now >= conn.deadline()) {
                    return;
                }
                if (server_.stop_requested() && conn.state() != Connection::State::Writing &&
                    conn.state() != Connection::State::Lingering) {
                    return;
                }
                // The listener too, while this connection could give way to a waiting client;
                // a connection still within its first-byte grace is woken when that ends.
                const bool may_evict = eviction_rank(conn, now, server_.config_) != 0;
                Clock::time_point until = conn.deadline();
                if (!may_evict && conn.awaiting_first_byte()) {
                    until =
                        std::min(until, conn.waiting_since() + server_.config_.first_byte_grace);
                }
                pollfd pfds[3] = {
                    net::make_pollfd(conn.fd(), next == Next::Write ? POLLOUT : POLLIN),
                    net::make_pollfd(server_.waker_->fd(), POLLIN),
                    net::make_pollfd(server_.listener_->native_handle(), POLLIN)};
                int n = ::poll(pfds, may_evict ? 3 : 2, wait_ms(now, until));
                if (n < 0 && errno != EINTR) {
                    return;
                }
                if (n > 0 && pfds[1].revents != 0) {
                    server_.waker_->drain();
                }
                if (n > 0 && may_evict && pfds[2].revents != 0 && pfds[0].revents == 0) {
                    return;  // evicted: run() accepts the waiting client next
                }
                if (n > 0 && pfds[0].revents != 0) {
                    break;
                }
            }
        }
    }

    Server& server_;
    std::size_t scratch_size_;
    std::unique_ptr<char[]> scratch_;
    BlockPool recv_blocks_{RecvBuffer::kInitial, 1};  // one connection at a time
};

Result<void> Server::run_single() {
    SingleEngine engine(*this);
    return engine.run();
}

}  // namespace mcustd::httpd
