#include "setup.hpp"

#include <cstdio>
#include <string_view>

#include "mcustd/http/dir_site.hpp"
#include "mcustd/net/socket_address.hpp"

// Defaults that differ between the host and the MCU; the host's come from CMakeLists.txt.
#ifndef MCUSTD_DEFAULT_SITE
#define MCUSTD_DEFAULT_SITE "/rom"  // the MCU mounts the site image there
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
    if (options.api) {
        out.api = std::make_unique<DeviceApi>(*out.files);
    }
    out.log = std::make_unique<mcustd::httpd::AccessLog>(1, WEBSERVER_LOG_BUFFER);  // stdout
    const mcustd::http::Handler& handler = out.api ? out.api->handler() : *out.files;
    auto server = mcustd::httpd::Server::create(options.config, *address, handler, out.log.get());
    if (!server) {
        return server.error();
    }
    out.server = std::move(*server);
    if (out.api) {
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
    std::printf(", at most %u connections, site %s%s\nlistening on http://%s/\n",
                static_cast<unsigned>(options.config.max_connections), instance.site_name.c_str(),
                instance.api ? "" : ", no device API",
                instance.server->local_addr().to_string().c_str());
    std::fflush(stdout);  // the access log writes to the same fd directly
}

}  // namespace webserver
