// DeviceApi: the web server's own routes in front of the static site, the same on the host and
// the MCU (the figures come from the platform API mcustd/sysinfo.hpp, never a kernel header):
//
//   GET  /api/status  JSON: platform, uptime, threads (name, state, priority, stack high-water and
//                     size), heap, sockets and (MCU) lwIP's resources, the server's connections
//                     and responses by status class, and the background workers
//   POST /api/worker  starts a background worker thread (body "seconds=N", 1..30, default 10):
//                     202 with its name, 429 while Workers::kMax are running
//
// site/device.html polls /api/status and draws it. Answering allocates nothing: the thread table
// is this object's (guarded by a mutex: workers answer concurrently) and the JSON goes into the
// engine's buffer (http::Router).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <mutex>

#include "mcustd/http/router.hpp"
#include "mcustd/httpd/stats.hpp"
#include "mcustd/sysinfo.hpp"
#include "workers.hpp"

namespace webserver {

class DeviceApi {
  public:
    // Threads listed at most (the MCU runs about 12 with the server).
    static constexpr std::size_t kMaxThreads = 24;

    // `site` (the StaticHandler) answers every other path and must outlive this object.
    explicit DeviceApi(const mcustd::http::Handler& site);
    DeviceApi(const DeviceApi&) = delete;
    DeviceApi& operator=(const DeviceApi&) = delete;

    // What the engine serves: the routes, then the site.
    [[nodiscard]] const mcustd::http::Handler& handler() const noexcept { return router_; }
    // The server's counters, once it exists (it takes handler() when it is created); they must
    // outlive this object's use by the server.
    void attach(const mcustd::httpd::Stats& stats) noexcept { stats_.store(&stats); }

  private:
    void status(mcustd::http::Reply& reply);
    void start_worker(const mcustd::http::Request& req, mcustd::http::Reply& reply);

    std::atomic<const mcustd::httpd::Stats*> stats_{nullptr};
    std::mutex threads_mutex_;
    std::array<mcustd::sysinfo::ThreadInfo, kMaxThreads> threads_{};
    Workers workers_;
    mcustd::http::Router router_;  // last: its routes use the members above
};

}  // namespace webserver
