// What `webserver ARGS` sets up before it serves: the site, the access log and the server. The
// shell command, the MCU's boot server (firmware/src/autostart.cpp) and the bench image
// (bench/mcu/web_bench.cpp) all go through create(), so they cannot drift apart.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "device_api.hpp"
#include "mcustd/http/handler.hpp"
#include "mcustd/http/site.hpp"
#include "mcustd/httpd/access_log.hpp"
#include "mcustd/httpd/server.hpp"
#include "mcustd/net/socket_address.hpp"
#include "mcustd/result.hpp"
#include "options.hpp"

namespace webserver {

// Members in the order they depend on each other (destroyed in reverse: the server first).
struct Instance {
    std::unique_ptr<mcustd::http::Site> site;
    std::unique_ptr<mcustd::http::StaticHandler> files;  // the site's handler
    std::unique_ptr<DeviceApi> api;  // /api/* routes, then `files`; null: --no-api
    std::unique_ptr<mcustd::httpd::AccessLog> log;
    std::unique_ptr<mcustd::httpd::Server> server;  // bound and listening; call run()
    std::string site_name;                          // what is served, for the start-up line
};

// Errors name what failed ("site /x: ...", "listen 0.0.0.0:80: ...").
mcustd::Result<Instance> create(Options options);

// The site served when --site is not given. A platform whose site is built into the program
// defines this (the MCU image: the ROMFS image in flash, served zero-copy by RomfsSite, in
// firmware/src/flash_site.cpp); the default definition (weak) returns null, and the build's
// MCUSTD_DEFAULT_SITE path is opened instead.
struct BuiltinSite {
    std::unique_ptr<mcustd::http::Site> site;
    std::string name;  // for the start-up line
};
mcustd::Result<BuiltinSite> builtin_site();

// --bind's address ("::1", "[::1]", "0.0.0.0") with the port.
mcustd::Result<mcustd::net::SocketAddress> bind_address(std::string_view ip, std::uint16_t port);

// The start-up lines ("webserver: pool mode, 4 workers, site ...", "listening on ..."), flushed.
void print_banner(const Options& options, const Instance& instance);

}  // namespace webserver
