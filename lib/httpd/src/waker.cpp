#include "waker.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <utility>

namespace mcustd::httpd {

Result<Waker> Waker::create() {
    net::UniqueFd fd(::socket(AF_INET, SOCK_DGRAM, 0));
    if (!fd) {
        return Error::from_errno("waker: socket", errno);
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        return Error::from_errno("waker: bind 127.0.0.1:0", errno);
    }
    if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        return Error::from_errno("waker: getsockname", errno);
    }
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), len) != 0) {
        return Error::from_errno("waker: connect to itself", errno);
    }
    int flags = ::fcntl(fd.get(), F_GETFL, 0);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) != 0) {
        return Error::from_errno("waker: fcntl O_NONBLOCK", errno);
    }
    return Waker(std::move(fd));
}

void Waker::wake() const noexcept {
    int saved = errno;
    char byte = 1;
    // A full socket buffer means wake-ups are already pending: dropping this one is fine.
    (void)::send(fd_.get(), &byte, 1, 0);
    errno = saved;
}

void Waker::drain() const noexcept {
    char buf[16];
    while (::recv(fd_.get(), buf, sizeof buf, 0) > 0) {
    }
}

}  // namespace mcustd::httpd
