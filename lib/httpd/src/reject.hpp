// Refusing a connection over --max-connections: a 503 and a close, without a Connection object.
#pragma once

#include "mcustd/httpd/access_log.hpp"
#include "mcustd/httpd/stats.hpp"
#include "mcustd/net/tcp_stream.hpp"

namespace mcustd::httpd {

// Best effort and non-blocking: the answer is small enough for any fresh socket buffer.
void reject_busy(net::TcpStream& stream, AccessLog* log, Stats& stats);

}  // namespace mcustd::httpd
