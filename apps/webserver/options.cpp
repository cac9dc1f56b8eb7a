#include "options.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>

#include "mcustd/http/dir_site.hpp"

// CMake option MCUSTD_WEB_API (apps/webserver/CMakeLists.txt): whether the device API is on.
// WEBSERVER_API_SWITCH (the host build): --no-api may turn it off at run time; the MCU image
// has no switch, which keeps its flash (setup.cpp then folds the choice away).
#ifndef WEBSERVER_API_DEFAULT
#define WEBSERVER_API_DEFAULT 1
#endif
#ifndef WEBSERVER_API_SWITCH
#define WEBSERVER_API_SWITCH 0
#endif

namespace webserver {

const char* const kUsage =
    "usage: webserver [--mode single|pool] [--threads N] [--bind ADDR] [--port P]\n"
    "                 [--site IMAGE|DIR] [--max-connections N] [--header-timeout S]\n"
    "                 [--idle-timeout S]"
#if WEBSERVER_API_SWITCH
    " [--no-api]"
#endif
    "\n"
    "  --mode             single: one connection at a time; pool (default): a poller and workers\n"
    "  --threads          pool workers (default 4)\n"
    "  --bind, --port     address to listen on (default 127.0.0.1 7878; port 0 picks a free one)\n"
    "  --site             a romfs image (file) or a directory (default: the built-in site image)\n"
    "  --max-connections  at this many, a new client evicts an idle one or gets 503\n"
    "                     (default: the descriptor limit less 8, at most 1024)\n"
    "  --header-timeout   seconds to receive a request head (default 10)\n"
    "  --idle-timeout     seconds a keep-alive connection may stay idle (default 30)\n"
#if WEBSERVER_API_SWITCH
    "  --no-api           no device API (/api/*): the site alone\n"
#endif
    ;

namespace {

template <typename T>
bool parse_uint(std::string_view text, T min, T max, T& out) {
    unsigned long long v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
        return false;
    }
    out = static_cast<T>(v);
    return true;
}

// Decimal seconds ("10", "0.25") to whole milliseconds, rounded up, in integers: from_chars for
// double would link libstdc++'s floating-point parser (~22 KB of flash on the MCU).
bool parse_seconds(std::string_view text, std::chrono::milliseconds& out) {
    constexpr unsigned long long kMaxMs = 86'400'000;  // one day
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    if (whole.empty() && frac.empty()) {
        return false;
    }
    unsigned long long ms = 0;
    if (!whole.empty()) {
        unsigned long long secs = 0;
        auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), secs);
        if (ec != std::errc() || end != whole.data() + whole.size() || secs > kMaxMs / 1000) {
            return false;
        }
        ms = secs * 1000;
    }
    constexpr unsigned kPlace[] = {100, 10, 1};
    bool below_ms = false;  // a non-zero digit past the milliseconds: round up
    for (std::size_t i = 0; i < frac.size(); ++i) {
        const char c = frac[i];
        if (c < '0' || c > '9') {
            return false;
        }
        if (i < 3) {
            ms += static_cast<unsigned long long>(c - '0') * kPlace[i];
        } else if (c != '0') {
            below_ms = true;
        }
    }
    if (below_ms) {
        ++ms;
    }
    if (ms == 0 || ms > kMaxMs) {
        return false;
    }
    out = std::chrono::milliseconds(static_cast<long long>(ms));
    return true;
}

}  // namespace

std::size_t default_max_connections() {
    // Every connection is a descriptor; besides them the server holds stdin/out/err, the
    // listener, the waker, a connection being told 503 and a spare, and a directory site's
    // open big files (lib/http dir_site.hpp).
    const long reserved =
        8 +
        static_cast<long>(mcustd::http::DirSite::descriptors_held(mcustd::http::DirSiteOptions{}));
    constexpr long kMax = 1024;
    const long open_max = ::sysconf(_SC_OPEN_MAX);
    if (open_max <= 0) {
        return kMax;  // no limit, or unknown
    }
    return static_cast<std::size_t>(std::clamp(open_max - reserved, 1L, kMax));
}

std::optional<Options> parse_options(int argc, char** argv, std::string& error) {
    Options o;
    o.config.max_connections = default_max_connections();
#if WEBSERVER_API_SWITCH  // otherwise setup.cpp uses the build's choice directly
    o.api = WEBSERVER_API_DEFAULT != 0;
#endif
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            o.help = true;
            continue;
        }
        if (WEBSERVER_API_SWITCH && arg == "--no-api") {  // a switch: takes no value
            o.api = false;
            continue;
        }
        if (arg.substr(0, 2) != "--") {
            error = "unexpected argument '" + std::string(arg) + "'";
            return std::nullopt;
        }
        if (i + 1 >= argc) {
            error = std::string(arg) + " needs a value";
            return std::nullopt;
        }
        std::string_view value = argv[++i];
        bool ok = true;
        if (arg == "--mode") {
            if (value == "single") {
                o.config.mode = mcustd::httpd::Mode::Single;
            } else if (value == "pool") {
                o.config.mode = mcustd::httpd::Mode::Pool;
            } else {
                ok = false;
            }
        } else if (arg == "--threads") {
            ok = parse_uint<std::size_t>(value, 1, 256, o.config.threads);
        } else if (arg == "--bind") {
            o.bind = std::string(value);
            ok = !o.bind.empty();
        } else if (arg == "--port") {
            ok = parse_uint<std::uint16_t>(value, 0, 65535, o.port);
        } else if (arg == "--site") {
            o.site = std::string(value);
            ok = !o.site.empty();
        } else if (arg == "--max-connections") {
            ok = parse_uint<std::size_t>(value, 1, 1'000'000, o.config.max_connections);
        } else if (arg == "--header-timeout") {
            ok = parse_seconds(value, o.config.header_timeout);
        } else if (arg == "--idle-timeout") {
            ok = parse_seconds(value, o.config.idle_timeout);
        } else {
            error = "unknown option " + std::string(arg);
            return std::nullopt;
        }
        if (!ok) {
            error = "bad value for " + std::string(arg) + ": '" + std::string(value) + "'";
            return std::nullopt;
        }
    }
    return o;
}

}  // namespace webserver
