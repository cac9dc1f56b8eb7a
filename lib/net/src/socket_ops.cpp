#include "socket_ops.hpp"

#include <fcntl.h>
#include <sys/time.h>

#include <cerrno>

namespace mcustd::net::detail {

Error sys_error(const char* call, const SocketAddress& addr, int err) {
    std::string ctx(call);
    ctx += ' ';
    ctx += addr.to_string();
    return Error::from_errno(std::move(ctx), err);
}

int set_nonblocking(int fd, bool on) noexcept {
    int flags = ::fcntl(fd, F_GETFL, 0);
    if (flags < 0) {
        return errno;
    }
    int wanted = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
    if (wanted != flags && ::fcntl(fd, F_SETFL, wanted) < 0) {
        return errno;
    }
    return 0;
}

int set_timeout(int fd, int option, std::optional<std::chrono::milliseconds> timeout) noexcept {
    timeval tv{};
    if (timeout && timeout->count() > 0) {
        auto ms = timeout->count();
        tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms / 1000);
        tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms % 1000) * 1000);
    }
    if (::setsockopt(fd, SOL_SOCKET, option, &tv, sizeof tv) < 0) {
        return errno;
    }
    return 0;
}

int set_int_option(int fd, int level, int option, int value) noexcept {
    if (::setsockopt(fd, level, option, &value, sizeof value) < 0) {
        return errno;
    }
    return 0;
}

void prepare_socket([[maybe_unused]] int fd) noexcept {
#if !defined(MSG_NOSIGNAL) && defined(SO_NOSIGPIPE)
    set_int_option(fd, SOL_SOCKET, SO_NOSIGPIPE, 1);
#endif
}

}  // namespace mcustd::net::detail
