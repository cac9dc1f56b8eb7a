// Config: everything the engine needs to know besides the site, with the webserver's defaults.
#pragma once

#include <chrono>
#include <cstddef>

namespace mcustd::httpd {

enum class Mode {
    Single,  // the Rust Book's first server: one connection at a time
    Pool,    // connections wait in poll(); workers only take connections with bytes ready
};

struct Config {
    Mode mode = Mode::Pool;
    std::size_t threads = 4;
    // Stack per worker; 0 = platform default. The MCU passes 4 KiB: serving needs no big frames
    // (buffers live on the heap, per connection or per job).
    std::size_t worker_stack = 0;
    // At this many connections a new client makes the server close an idle one (lib/httpd's
    // src/evict.hpp says which); only when none may go does the newcomer get 503.
    std::size_t max_connections = 1024;
    // A connection that has sent nothing yet may be evicted at the cap once this old.
    std::chrono::milliseconds first_byte_grace{2'000};
    // From accept (or the first byte of a later request) until the request head is complete.
    std::chrono::milliseconds header_timeout{10'000};
    // A keep-alive connection with no request in progress.
    std::chrono::milliseconds idle_timeout{30'000};
    // A response whose client reads nothing for this long is abandoned.
    std::chrono::milliseconds write_timeout{30'000};
};

}  // namespace mcustd::httpd
