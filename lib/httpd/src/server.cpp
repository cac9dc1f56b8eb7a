#include "mcustd/httpd/server.hpp"

#include <algorithm>
#include <utility>

#include "waker.hpp"

namespace mcustd::httpd {

Result<std::unique_ptr<Server>> Server::create(const Config& config,
                                               const net::SocketAddress& address,
                                               const http::Handler& handler, AccessLog* log) {
    if (config.threads == 0 || config.max_connections == 0) {
        return Error(std::make_error_code(std::errc::invalid_argument),
                     "httpd: threads and max_connections must be at least 1");
    }
#if defined(__linux__)
    // The accept queue: connects beyond it are dropped and the client retries its SYN a second
    // later (2,000 connects at once overflowed 128: webserver_many took 0.3 s or 5 s). As deep
    // as the server may hold connections, within Linux's default somaxconn, at least the default.
    constexpr std::size_t kMaxBacklog = 4096;
    const auto backlog = static_cast<int>(std::clamp<std::size_t>(
        config.max_connections, net::TcpListener::kDefaultBacklog, kMaxBacklog));
#else
    // lwIP: a backlog of at most 255 (a u8) for a server of 16 connections; the default.
    constexpr int backlog = net::TcpListener::kDefaultBacklog;
#endif
    auto listener = net::TcpListener::bind(address, backlog);
    if (!listener) {
        return listener.error();
    }
    if (auto r = listener->set_nonblocking(true); !r) {
        return r.error();
    }
    auto waker = Waker::create();
    if (!waker) {
        return waker.error();
    }
    return std::unique_ptr<Server>(new Server(
        config, std::move(*listener), std::make_unique<Waker>(std::move(*waker)), handler, log));
}

Result<std::unique_ptr<Server>> Server::create(const Config& config,
                                               const net::SocketAddress& address,
                                               const http::Site& site, AccessLog* log) {
    // A StaticHandler is only the site's address: a local one serves create(), then the server
    // points at its own copy.
    http::StaticHandler files(site);
    auto server = create(config, address, files, log);
    if (server) {
        (*server)->own_handler_.emplace(site);
        (*server)->handler_ = &*(*server)->own_handler_;
    }
    return server;
}

Server::Server(const Config& config, net::TcpListener listener, std::unique_ptr<Waker> waker,
               const http::Handler& handler, AccessLog* log)
    : config_(config),
      listener_(std::move(listener)),
      local_(listener_->local_addr()),
      waker_(std::move(waker)),
      handler_(&handler),
      log_(log) {}

Server::~Server() = default;

void Server::stop() noexcept {
    stop_.store(true, std::memory_order_release);
    waker_->wake();
}

Result<void> Server::run() {
    Result<void> r = config_.mode == Mode::Single ? run_single() : run_pool();
    listener_.reset();
    if (log_ != nullptr) {
        log_->flush();
    }
    return r;
}

}  // namespace mcustd::httpd
