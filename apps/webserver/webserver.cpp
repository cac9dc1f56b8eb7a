// webserver: serves a site (romfs image or directory) over HTTP/1.1, in single or pool mode.
// The same source runs on the Linux host and, as a shell command, on the MCU.
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "mcustd/http/dir_site.hpp"
#include "mcustd/httpd/access_log.hpp"
#include "mcustd/httpd/server.hpp"
#include "mcustd/net/socket_address.hpp"
#include "options.hpp"

// Defaults that differ between the host and the MCU; the host's come from CMakeLists.txt.
#ifndef MCUSTD_DEFAULT_SITE
#define MCUSTD_DEFAULT_SITE "/rom"  // the MCU mounts the site image there
#endif
#ifndef WEBSERVER_LOG_BUFFER
#define WEBSERVER_LOG_BUFFER 1024  // bytes of access log held before a write to the console
#endif
// Worker stack: serving keeps its buffers on the heap, so 4 KiB is the MCU budget (the host
// ignores the request and keeps its default).
constexpr std::size_t kWorkerStack = 4096;

namespace {

// The server a signal should stop. The handler only calls Server::stop(), which is
// async-signal-safe (an atomic store and one send()); run() does the rest.
std::atomic<mcustd::httpd::Server*> g_running{nullptr};

extern "C" void on_stop_signal(int) {
    if (auto* s = g_running.load()) {
        s->stop();
    }
}

// Installs the handlers for the lifetime of one run() and restores the defaults after, so a
// second run (the MCU shell) starts clean.
class StopSignals {
  public:
    explicit StopSignals(mcustd::httpd::Server& server) {
        g_running.store(&server);
        std::signal(SIGINT, on_stop_signal);
        std::signal(SIGTERM, on_stop_signal);
#ifdef SIGPIPE
        std::signal(SIGPIPE, SIG_IGN);  // a client that hangs up must not kill the server
#endif
    }
    ~StopSignals() {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        g_running.store(nullptr);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;
};

mcustd::Result<mcustd::net::SocketAddress> bind_address(std::string_view ip, std::uint16_t port) {
    if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') {
        ip = ip.substr(1, ip.size() - 2);
    }
    return mcustd::net::SocketAddress::from_ip(ip, port);
}

}  // namespace

int webserver_main(int argc, char** argv) {
    std::string error;
    auto options = webserver::parse_options(argc, argv, error);
    if (!options) {
        std::fprintf(stderr, "webserver: %s\n%s", error.c_str(), webserver::kUsage);
        return 2;
    }
    if (options->help) {
        std::fputs(webserver::kUsage, stdout);
        return 0;
    }
    auto address = bind_address(options->bind, options->port);
    if (!address) {
        std::fprintf(stderr, "webserver: bad --bind: %s\n%s", address.error().message().c_str(),
                     webserver::kUsage);
        return 2;
    }
    std::string site_path = options->site.empty() ? MCUSTD_DEFAULT_SITE : options->site;
    auto site = mcustd::http::open_site(site_path);
    if (!site) {
        std::fprintf(stderr, "webserver: %s\n", site.error().message().c_str());
        return 1;
    }

    options->config.worker_stack = kWorkerStack;
    mcustd::httpd::AccessLog log(1, WEBSERVER_LOG_BUFFER);  // stdout
    auto server = mcustd::httpd::Server::create(options->config, *address, **site, &log);
    if (!server) {
        std::fprintf(stderr, "webserver: %s\n", server.error().message().c_str());
        return 1;
    }
    // Handlers first: a client may signal as soon as it has seen the URL.
    StopSignals signals(**server);
    bool pool = options->config.mode == mcustd::httpd::Mode::Pool;
    std::printf("webserver: %s mode%s, site %s\nlistening on http://%s/\n",
                pool ? "pool" : "single",
                pool ? (", " + std::to_string(options->config.threads) + " workers").c_str() : "",
                site_path.c_str(), (*server)->local_addr().to_string().c_str());
    std::fflush(stdout);  // the access log writes to the same fd directly

    auto result = (*server)->run();
    if (!result) {
        std::fprintf(stderr, "webserver: %s\n", result.error().message().c_str());
        return 1;
    }
    return 0;
}
