#include "reject.hpp"

#include <sys/socket.h>
#include <sys/uio.h>

#include <array>

#include "mcustd/http/response.hpp"
#include "mcustd/net/sys_structs.hpp"

namespace mcustd::httpd {

void reject_busy(net::TcpStream& stream, AccessLog* log, Stats& stats) {
    std::array<char, http::kMinHeadBuffer> head{};
    http::Response resp = http::error_response(503, head, false);
    iovec iov[2] = {net::make_iovec(resp.head.data(), resp.head.size()),
                    net::make_iovec(resp.body.memory.data(), resp.body.memory.size())};
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = 2;
#if defined(MSG_NOSIGNAL)
    (void)::sendmsg(stream.native_handle(), &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
#else
    (void)::sendmsg(stream.native_handle(), &msg, MSG_DONTWAIT);
#endif
    (void)stream.shutdown(net::Shutdown::kWrite);
    stats.count(503);
    if (log != nullptr) {
        log->log(stream.peer_addr().ip_string(), {}, {}, {}, 503, resp.body.size());
    }
}

}  // namespace mcustd::httpd
