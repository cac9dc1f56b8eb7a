// Single mode: the Rust Book's first server. One connection at a time, served to the end before
// the next is accepted. Still correct HTTP: keep-alive, pipelining, and the header, idle and write
// timeouts (poll() with the connection's deadline), so a silent client cannot hold it forever.
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <memory>

#include "clock.hpp"
#include "connection.hpp"
#include "mcustd/httpd/server.hpp"
#include "mcustd/net/sys_structs.hpp"
#include "waker.hpp"

namespace mcustd::httpd {

namespace {

constexpr std::size_t kScratchSize = 2048;
constexpr int kMaxPollWaitMs = 1000;

int wait_ms(Clock::time_point now, Clock::time_point deadline, AccessLog* log) {
    auto wait = std::chrono::milliseconds(kMaxPollWaitMs);
    if (deadline - now < wait) {
        wait = std::chrono::ceil<std::chrono::milliseconds>(
            std::max(deadline - now, Clock::duration::zero()));
    }
    if (log != nullptr) {
        wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(log->until_flush(now)));
    }
    return static_cast<int>(wait.count());
}

}  // namespace

class SingleEngine {
  public:
    explicit SingleEngine(Server& server)
        : server_(server), scratch_(std::make_unique<char[]>(kScratchSize)) {}

    Result<void> run() {
        while (!server_.stop_requested()) {
            Clock::time_point now = Clock::now();
            pollfd pfds[2] = {net::make_pollfd(server_.waker_->fd(), POLLIN),
                              net::make_pollfd(server_.listener_->native_handle(), POLLIN)};
            int n = ::poll(pfds, 2, wait_ms(now, Clock::time_point::max(), server_.log_));
            if (n < 0 && errno != EINTR) {
                return Error::from_errno("httpd: poll", errno);
            }
            if (n > 0 && pfds[0].revents != 0) {
                server_.waker_->drain();
            }
            if (n > 0 && pfds[1].revents != 0) {
                auto stream = server_.listener_->accept();
                if (stream && stream->set_nonblocking(true) && stream->set_nodelay(true)) {
                    Connection conn(std::move(*stream), Clock::now(), server_.config_);
                    serve(conn);
                }
            }
            if (server_.log_ != nullptr) {
                server_.log_->maybe_flush(Clock::now());
            }
        }
        return {};
    }

  private:
    // Serves one connection until it closes, times out, or the server stops (a response in
    // flight is finished first).
    void serve(Connection& conn) {
        for (;;) {
            ServeContext ctx{server_.config_, server_.handler_,
                             server_.log_,    std::span<char>(scratch_.get(), kScratchSize),
                             Clock::now(),    server_.stop_requested()};
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
                pollfd pfds[2] = {
                    net::make_pollfd(conn.fd(), next == Next::Write ? POLLOUT : POLLIN),
                    net::make_pollfd(server_.waker_->fd(), POLLIN)};
                int n = ::poll(pfds, 2, wait_ms(now, conn.deadline(), server_.log_));
                if (n < 0 && errno != EINTR) {
                    return;
                }
                if (n > 0 && pfds[1].revents != 0) {
                    server_.waker_->drain();
                }
                if (server_.log_ != nullptr) {
                    server_.log_->maybe_flush(Clock::now());
                }
                if (n > 0 && pfds[0].revents != 0) {
                    break;
                }
            }
        }
    }

    Server& server_;
    std::unique_ptr<char[]> scratch_;
};

Result<void> Server::run_single() {
    SingleEngine engine(*this);
    return engine.run();
}

}  // namespace mcustd::httpd
