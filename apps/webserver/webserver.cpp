// webserver: serves a site (romfs image or directory) over HTTP/1.1, in single or pool mode.
// The same source runs on the Linux host and, as a shell command, on the MCU; setup.cpp does the
// setting up, shared with the MCU's boot server and bench image.
#include <atomic>
#include <csignal>
#include <cstdio>

#include "options.hpp"
#include "setup.hpp"

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
    if (auto address = webserver::bind_address(options->bind, options->port); !address) {
        std::fprintf(stderr, "webserver: bad --bind: %s\n%s", address.error().message().c_str(),
                     webserver::kUsage);
        return 2;
    }
    auto instance = webserver::create(*options);
    if (!instance) {
        std::fprintf(stderr, "webserver: %s\n", instance.error().message().c_str());
        return 1;
    }
    // Handlers first: a client may signal as soon as it has seen the URL.
    StopSignals signals(*instance->server);
    webserver::print_banner(*options, *instance);

    auto result = instance->server->run();
    if (!result) {
        std::fprintf(stderr, "webserver: %s\n", result.error().message().c_str());
        return 1;
    }
    return 0;
}
