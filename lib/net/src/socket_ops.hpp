// Small helpers shared by TcpStream and TcpListener (private to lib/net).
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <optional>
#include <string>

#include "mcustd/net/socket_address.hpp"
#include "mcustd/result.hpp"

namespace mcustd::net::detail {

// Flags for every send: MSG_NOSIGNAL (where it exists) turns "peer reset" into an EPIPE error
// instead of SIGPIPE, which would kill the process by default. (On the MCU the port's send and
// sendmsg accept it: sockets there raise no signals.)
#if defined(MSG_NOSIGNAL)
inline constexpr int kSendFlags = MSG_NOSIGNAL;
#else
inline constexpr int kSendFlags = 0;
#endif

// "call addr" with errno `err`, e.g. "connect [::1]:9".
Error sys_error(const char* call, const SocketAddress& addr, int err);

// Each returns 0 or an errno value.
int set_nonblocking(int fd, bool on) noexcept;
int set_timeout(int fd, int option, std::optional<std::chrono::milliseconds> timeout) noexcept;
int set_int_option(int fd, int level, int option, int value) noexcept;
// Platform tweaks applied to every new socket (SO_NOSIGPIPE where MSG_NOSIGNAL is missing).
void prepare_socket(int fd) noexcept;

}  // namespace mcustd::net::detail
