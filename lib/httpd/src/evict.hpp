// Eviction at the connection cap: which connection to close so that a new client is served.
//
// A server with a fixed number of connections (the MCU's 16, the host's --max-connections) is
// otherwise at the mercy of clients that connect and send nothing, or hold a keep-alive
// connection open: each keeps its slot until its timeout (10 s, 30 s) and everyone else gets
// 503. As nginx does with its "reusable" connections, the engines close instead, in this order:
//   1. a connection lingering after an error answer (its response is sent; only draining input),
//   2. the longest-idle keep-alive connection (no request in progress: a client reopens and
//      retries, as HTTP/1.1 clients must for a closed persistent connection),
//   3. the oldest connection still waiting for its first byte once it is older than
//      Config::first_byte_grace (a real client sends its request right after connecting).
// A connection with a request or a response in progress is never chosen.
#pragma once

#include <memory>
#include <span>

#include "clock.hpp"
#include "connection.hpp"
#include "mcustd/httpd/config.hpp"

namespace mcustd::httpd {

// 0 = never evict; otherwise lower goes first (the order above).
int eviction_rank(const Connection& c, Clock::time_point now, const Config& config);

// The connection to close among `conns` (busy ones skipped), or null if none may go.
Connection* pick_eviction(std::span<const std::unique_ptr<Connection>> conns, Clock::time_point now,
                          const Config& config);

}  // namespace mcustd::httpd
