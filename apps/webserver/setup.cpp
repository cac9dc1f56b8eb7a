#include "setup.hpp"

#include <cstdio>
#include <string_view>

#include "mcustd/http/dir_site.hpp"
#include "mcustd/net/socket_address.hpp"

// Defaults that differ between the host and the MCU; the host's come from CMakeLists.txt.
#ifndef MCUSTD_DEFAULT_SITE
#define MCUSTD_DEFAULT_SITE "/rom"  // the MCU mounts the site image there
#endif
#ifndef WEBSERVER_API_DEFAULT  // as in options.cpp
#define WEBSERVER_API_DEFAULT 1
#endif
#ifndef WEBSERVER_API_SWITCH
#define WEBSERVER_API_SWITCH 0
#endif
#ifndef WEBSERVER_LOG_BUFFER
#define WEBSERVER_LOG_BUFFER 1024  // bytes of access log held before a write to the console
#endif

namespace webserver {

namespace {

// Worker stacks (the host ignores the request and keeps its default). Serving keeps its buffers
// on the heap. The built-in site answers from the ROMFS image in memory: its deepest path (a 404,
// the 64 KiB file, a malformed request, a range, the access log, behind the device API's router)
// peaks at ~1.5 KiB (bench/mcu.sh's stack marks; firmware_web_load checks the mark stays
// <= 1,536 B), so 2 KiB. A directory site goes through the VFS (stat, open, read into scratch)
// and peaked at 2.7 KiB: 4 KiB.
constexpr std::size_t kWorkerStackBuiltin = 2048;
constexpr std::size_t kWorkerStack = 4096;

// Whether the device API is served: the command line's choice where the build has --no-api (the
// host), the build's otherwise (the MCU: a constant, so the image has no code for the other case).
#if WEBSERVER_API_SWITCH
bool serve_api(const Options& options) {
    return options.api;
}
#else
constexpr bool serve_api(const Options& /*options*/) {
    return WEBSERVER_API_DEFAULT != 0;
}
#endif

}  // namespace

mcustd::Result<mcustd::net::SocketAddress> bind_address(std::string_view ip, std::uint16_t port) {
    if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') {
        ip = ip.substr(1, ip.size() - 2);
    }
    return mcustd::net::SocketAddress::from_ip(ip, port);
}

[[gnu::weak]] mcustd::Result<BuiltinSite> builtin_site() {
    return BuiltinSite{};
}

mcustd::Result<Instance> create(Options options) {
    auto address = bind_address(options.bind, options.port);
    if (!address) {
        return mcustd::Error(address.error().code(), "bad --bind");
    }
    Instance out;
    options.config.worker_stack = kWorkerStack;
    if (options.site.empty()) {
        auto site = builtin_site();
        if (!site) {
            return site.error();
        }
        out.site = std::move(site->site);
        out.site_name = std::move(site->name);
        if (out.site != nullptr) {
            options.config.worker_stack = kWorkerStackBuiltin;
        }
    }
    if (out.site == nullptr) {
        const std::string path = options.site.empty() ? MCUSTD_DEFAULT_SITE : options.site;
        auto site = mcustd::http::open_site(path);
        if (!site) {
            return site.error();
        }
        out.site = std::move(*site);
        out.site_name = path;
    }
    out.files = std::make_unique<mcustd::http::StaticHandler>(*out.site);
    if (serve_api(options)) {
        out.api = std::make_unique<DeviceApi>(*out.files);
    }
    out.log = std::make_unique<mcustd::httpd::AccessLog>(1, WEBSERVER_LOG_BUFFER);  // stdout
    const mcustd::http::Handler& handler =
        serve_api(options) ? out.api->handler()
                           : static_cast<const mcustd::http::Handler&>(*out.files);
    auto server = mcustd::httpd::Server::create(options.config, *address, handler, out.log.get());
    if (!server) {
        return server.error();
    }
    out.server = std::move(*server);
    if (serve_api(options)) {
        out.api->attach(out.server->stats());
    }
    return out;
}

void print_banner(const Options& options, const Instance& instance) {
    const bool pool = options.config.mode == mcustd::httpd::Mode::Pool;
    std::printf("webserver: %s mode", pool ? "pool" : "single");
    if (pool) {
        std::printf(", %u workers", static_cast<unsigned>(options.config.threads));
    }
    // Two whole formats rather than a %s: where serve_api() is a constant (the MCU) one folds away.
    const char* const format = serve_api(options)
                                   ? ", at most %u connections, site %s\nlistening on http://%s/\n"
                                   : ", at most %u connections, site %s, no device API\n"
                                     "listening on http://%s/\n";
    std::printf(format, static_cast<unsigned>(options.config.max_connections),
                instance.site_name.c_str(), instance.server->local_addr().to_string().c_str());
    std::fflush(stdout);  // the access log writes to the same fd directly
}

}  // namespace webserver
