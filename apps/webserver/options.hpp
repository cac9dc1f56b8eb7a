// The webserver's command line, parsed without side effects so it is easy to test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mcustd/httpd/config.hpp"

namespace webserver {

struct Options {
    mcustd::httpd::Config config;
    std::string bind = "127.0.0.1";
    std::uint16_t port = 7878;
    std::string site;  // empty: the build's default
    // The device API (/api/status, POST /api/worker) in front of the site; --no-api leaves only
    // the site. Default from the build: CMake option MCUSTD_WEB_API (ON). The MCU build has no
    // --no-api and follows the option alone (setup.cpp).
    bool api = true;
    bool help = false;
};

// The connection cap the platform's descriptor limit allows (sysconf(_SC_OPEN_MAX): the host's
// RLIMIT_NOFILE; on the MCU the port's descriptor table, sized by its socket budget).
std::size_t default_max_connections();

// nullopt and a reason in `error` for bad arguments.
std::optional<Options> parse_options(int argc, char** argv, std::string& error);

extern const char* const kUsage;

}  // namespace webserver
