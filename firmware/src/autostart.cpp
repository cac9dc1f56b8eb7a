// Boot-time web server: the engine of apps/webserver (lib/httpd) run on its own thread so the
// shell stays usable, with `web` to stop/start it and `net` to print heap and lwIP figures.
// The site is a RomfsSite over the image linked into flash, so bodies are served zero-copy.
#include "autostart.hpp"

#include <malloc.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mcustd/http/romfs_site.hpp>
#include <mcustd/httpd/access_log.hpp>
#include <mcustd/httpd/server.hpp>
#include <mcustd/net/socket_address.hpp>
#include <mcustd/rom_mount.hpp>
#include <mcustd/thread_stack.hpp>
#include <memory>
#include <mutex>
#include <thread>

#include "mcustd/net_port.h"

namespace mcustd::firmware {
namespace {

constexpr std::uint16_t kPort = 80;
constexpr std::size_t kWorkers = 4;
constexpr std::size_t kWorkerStack = 4096;
// The poller: option parsing is not needed here, but site indexing and poll() bookkeeping are;
// apps/webserver declares 8 KiB for the same job, and `ps` shows what it really uses.
constexpr std::size_t kPollerStack = 8192;
constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr auto kStopTimeout = std::chrono::seconds(60);

// One boot instance at a time. start() and stop() come from the shell thread only; the mutex
// guards what the server thread publishes (its Server and its state).
class WebService {
  public:
    WebService() = default;
    // At exit (the shell's `exit`), a running server is stopped and its thread joined.
    ~WebService() {
        if (thread_.joinable()) {
            (void)stop();
        }
    }
    WebService(const WebService&) = delete;
    WebService& operator=(const WebService&) = delete;

    bool start() {
        std::unique_lock lock(mutex_);
        if (thread_.joinable()) {
            std::puts("web: already running");
            return false;
        }
        state_ = State::Starting;
        {
            StackSizeScope stack(kPollerStack);
            thread_ = std::thread([this] { serve(); });
        }
        if (!cv_.wait_for(lock, kStartTimeout, [this] { return state_ != State::Starting; })) {
            std::puts("web: server did not start in time");
            return false;
        }
        return state_ == State::Running;
    }

    bool stop() {
        std::unique_lock lock(mutex_);
        if (!thread_.joinable()) {
            std::puts("web: not running");
            return false;
        }
        if (server_ != nullptr) {
            server_->stop();  // thread-safe; run() drains and returns
        }
        if (!cv_.wait_for(lock, kStopTimeout, [this] { return state_ == State::Stopped; })) {
            std::puts("web: server did not stop in time");
            return false;
        }
        lock.unlock();
        thread_.join();
        std::puts("web: stopped");
        return true;
    }

    [[nodiscard]] bool running() {
        std::lock_guard lock(mutex_);
        return state_ == State::Running;
    }

  private:
    enum class State { Stopped, Starting, Running };

    void finish(const char* what, const std::string& why) {
        if (what != nullptr) {
            std::printf("web: %s: %s\n", what, why.c_str());
        }
        std::fflush(stdout);
        std::lock_guard lock(mutex_);
        server_ = nullptr;
        state_ = State::Stopped;
        cv_.notify_all();
    }

    void serve() {
        if (const int rc = mcustd_net_start(); rc != 0) {
            finish("network", std::strerror(-rc));
            return;
        }
        auto site = http::RomfsSite::create(rom::site_image());
        if (!site) {
            finish("site", site.error().message());
            return;
        }
        auto address = net::SocketAddress::from_ip("0.0.0.0", kPort);
        if (!address) {
            finish("address", address.error().message());
            return;
        }
        httpd::Config config;
        config.mode = httpd::Mode::Pool;
        config.threads = kWorkers;
        config.worker_stack = kWorkerStack;
        // lwIP resets connections it has no netconn for before the server sees them. Capping
        // below that turns overload into a 503: the pool also holds the listener, the waker,
        // the backlog lwIP accepted ahead of us, the connection being told 503, and one spare
        // for the shell. Closed-by-the-client connections wait here until a poll round sees
        // their FIN, so 8 clients opening a connection per request need about 16.
        config.max_connections = MCUSTD_NET_MAX_SOCKETS - MCUSTD_NET_LISTEN_BACKLOG - 4;
        httpd::AccessLog log(1, 1024);  // the console, as apps/webserver on the MCU
        auto server = httpd::Server::create(config, *address, **site, &log);
        if (!server) {
            finish("server", server.error().message());
            return;
        }
        std::printf(
            "web: pool mode, %u workers, site in flash (/rom image, zero-copy)\n"
            "web: listening on http://%s:%u/\n",
            static_cast<unsigned>(kWorkers), MCUSTD_NET_ADDRESS, static_cast<unsigned>(kPort));
        std::fflush(stdout);
        {
            std::lock_guard lock(mutex_);
            server_ = server->get();
            state_ = State::Running;
            cv_.notify_all();
        }
        auto result = (*server)->run();
        {
            std::lock_guard lock(mutex_);
            server_ = nullptr;  // stop() must not touch it once destruction starts
        }
        server->reset();
        finish(result ? nullptr : "run", result ? std::string() : result.error().message());
    }

    std::mutex mutex_;
    std::condition_variable cv_;
    std::thread thread_;
    httpd::Server* server_ = nullptr;
    State state_ = State::Stopped;
};

WebService& web_service() {
    static WebService service;
    return service;
}

int cmd_web(int argc, char** argv) {
    const char* verb = argc >= 2 ? argv[1] : "status";
    if (std::strcmp(verb, "stop") == 0) {
        return web_service().stop() ? 0 : 1;
    }
    if (std::strcmp(verb, "start") == 0) {
        return web_service().start() ? 0 : 1;
    }
    if (std::strcmp(verb, "status") == 0) {
        std::printf("web: %s\n", web_service().running() ? "running" : "stopped");
        return 0;
    }
    std::puts("usage: web [status|start|stop]");
    return 2;
}

// net [-v]: one line with the C heap and lwIP's figures (the leak tests parse it); -v adds
// lwIP's per-pool table.
int cmd_net(int argc, char** argv) {
    mcustd_net_usage u{};
    mcustd_net_get_usage(&u);
    const struct mallinfo mi = mallinfo();
    std::printf(
        "net: heap-in-use %u lwip-heap %u/%u max %u pbufs %u sockets %u tcp-pcbs %u "
        "pools %u rx %u dropped %u tx %u zw-drops %u\n",
        static_cast<unsigned>(mi.uordblks), static_cast<unsigned>(u.heap_used),
        static_cast<unsigned>(u.heap_size), static_cast<unsigned>(u.heap_max),
        static_cast<unsigned>(u.pbuf_pool_used), static_cast<unsigned>(u.netconns_used),
        static_cast<unsigned>(u.tcp_pcbs_used), static_cast<unsigned>(u.pools_used),
        static_cast<unsigned>(u.rx_frames), static_cast<unsigned>(u.rx_dropped),
        static_cast<unsigned>(u.tx_frames), static_cast<unsigned>(u.zero_window_drops));
    if (argc >= 2 && std::strcmp(argv[1], "-v") == 0) {
        std::fflush(stdout);
        mcustd_net_print_usage();
    }
    return 0;
}

constexpr ImageCommand kImageCommands[] = {{"web", cmd_web}, {"net", cmd_net}};

}  // namespace

std::span<const ImageCommand> image_commands() noexcept {
    return kImageCommands;
}

void web_autostart() {
    (void)web_service().start();
}

}  // namespace mcustd::firmware
