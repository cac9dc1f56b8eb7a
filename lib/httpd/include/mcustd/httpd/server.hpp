// Server: the web server engine. Accepts connections on one address and answers every parsed
// request with an http::Handler — an http::StaticHandler over a Site, or an http::Router with
// dynamic routes in front of one — in single or pool mode (see Config).
//
//     http::StaticHandler files(site);
//     http::Router api(files);                      // optional: routes by path, then the site
//     auto server = Server::create(config, *SocketAddress::parse("127.0.0.1:7878"), api, &log);
//     if (!server) { report(server.error()); }
//     (*server)->run();          // until stop(); then drains and returns
//
// Pool mode: one poller thread (the caller of run()) waits in poll() on the listener and on every
// connection that is not being served; the connections that poll() reports ready go, in batches,
// to the worker pool; a worker serves each (non-blocking: read, answer every complete request,
// write until the socket would block) and hands the batch back with one wake-up. Idle keep-alive
// clients therefore never hold a worker. Timeouts (header, idle, write) are enforced by the poller.
//
// Shutdown: stop() is thread-safe AND async-signal-safe (an atomic store and one send()), so a
// signal handler or the MCU shell may call it. run() then stops accepting, closes idle
// connections, lets responses in flight finish (bounded by the write timeout), joins the workers
// and returns.
//
// The process must ignore SIGPIPE on platforms that have it (sendfile() cannot pass MSG_NOSIGNAL).
#pragma once

#include <atomic>
#include <memory>
#include <optional>

#include "mcustd/http/handler.hpp"
#include "mcustd/http/site.hpp"
#include "mcustd/httpd/access_log.hpp"
#include "mcustd/httpd/config.hpp"
#include "mcustd/httpd/stats.hpp"
#include "mcustd/net/socket_address.hpp"
#include "mcustd/net/tcp_listener.hpp"
#include "mcustd/result.hpp"

namespace mcustd::httpd {

class Waker;

class Server {
  public:
    // Binds and listens (errors name the address). `handler` and `log` (may be null) must
    // outlive the Server. The handler is shared by every worker (Handler::handle is const).
    static Result<std::unique_ptr<Server>> create(const Config& config,
                                                  const net::SocketAddress& address,
                                                  const http::Handler& handler, AccessLog* log);
    // A static site only: the Server holds the StaticHandler. `site` must outlive the Server.
    static Result<std::unique_ptr<Server>> create(const Config& config,
                                                  const net::SocketAddress& address,
                                                  const http::Site& site, AccessLog* log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // The bound address (with the real port when asked for port 0).
    [[nodiscard]] const net::SocketAddress& local_addr() const noexcept { return local_; }

    // Serves until stop(). Call once.
    Result<void> run();

    // Asks run() to finish. Thread-safe and async-signal-safe; idempotent.
    void stop() noexcept;
    [[nodiscard]] bool stop_requested() const noexcept {
        return stop_.load(std::memory_order_acquire);
    }

    // Responses by status class and connections held; readable from any thread while serving.
    [[nodiscard]] const Stats& stats() const noexcept { return stats_; }

  private:
    Server(const Config& config, net::TcpListener listener, std::unique_ptr<Waker> waker,
           const http::Handler& handler, AccessLog* log);
    Result<void> run_single();
    Result<void> run_pool();

    friend class PoolEngine;
    friend class SingleEngine;

    Config config_;
    std::optional<net::TcpListener> listener_;
    net::SocketAddress local_;
    std::unique_ptr<Waker> waker_;
    std::optional<http::StaticHandler> own_handler_;  // create() with a Site
    const http::Handler* handler_;
    AccessLog* log_;
    Stats stats_;
    std::atomic<bool> stop_{false};
    static_assert(std::atomic<bool>::is_always_lock_free, "stop() must be async-signal-safe");
};

}  // namespace mcustd::httpd
