// Boot-time web server: apps/webserver's setup (`webserver --bind 0.0.0.0 --port 80`) run on its
// own thread so the shell stays usable, with `web` to stop/start it and `net` to print heap and
// lwIP figures. Its default site is the ROMFS image in flash (flash_site.cpp), served zero-copy.
#include "autostart.hpp"

#include <malloc.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mcustd/httpd/server.hpp>
#include <mcustd/thread_stack.hpp>
#include <memory>
#include <mutex>
#include <thread>

#include "mcustd/net_port.h"
#include "options.hpp"
#include "setup.hpp"

namespace mcustd::firmware {
namespace {

constexpr const char* kPort = "80";
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

    // Exactly `webserver --bind 0.0.0.0 --port 80`: apps/webserver's own option parsing and
    // setup (setup.cpp), so the boot server is the shell command, run on its own thread.
    void serve() {
        if (const int rc = mcustd_net_start(); rc != 0) {
            finish("network", std::strerror(-rc));
            return;
        }
        std::array<const char*, 5> args{"webserver", "--bind", "0.0.0.0", "--port", kPort};
        std::string error;
        auto options = webserver::parse_options(static_cast<int>(args.size()),
                                                const_cast<char**>(args.data()), error);
        if (!options) {
            finish("options", error);
            return;
        }
        auto instance = webserver::create(*options);
        if (!instance) {
            finish("server", instance.error().message());
            return;
        }
        webserver::print_banner(*options, *instance);
        {
            std::lock_guard lock(mutex_);
            server_ = instance->server.get();
            state_ = State::Running;
            cv_.notify_all();
        }
        auto result = instance->server->run();
        {
            std::lock_guard lock(mutex_);
            server_ = nullptr;  // stop() must not touch it once destruction starts
        }
        instance->server.reset();
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
        "pools %u rx %u dropped %u tx %u zw-drops %u by-ref %u\n",
        static_cast<unsigned>(mi.uordblks), static_cast<unsigned>(u.heap_used),
        static_cast<unsigned>(u.heap_size), static_cast<unsigned>(u.heap_max),
        static_cast<unsigned>(u.pbuf_pool_used), static_cast<unsigned>(u.netconns_used),
        static_cast<unsigned>(u.tcp_pcbs_used), static_cast<unsigned>(u.pools_used),
        static_cast<unsigned>(u.rx_frames), static_cast<unsigned>(u.rx_dropped),
        static_cast<unsigned>(u.tx_frames), static_cast<unsigned>(u.zero_window_drops),
        static_cast<unsigned>(u.sent_by_reference));
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
