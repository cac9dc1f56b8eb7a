// Compile-time proof that lwIP and the application agree on what crosses the socket boundary.
// The talk's bug class: a flag or struct defined twice with different values or layouts links
// fine and misbehaves at run time. lwIP's headers come first here, as in lwIP's own sources, so
// any value lwIP would have substituted (its O_NONBLOCK 1, POLLOUT 2, private timeval) shows.
#include "lwip/sockets.h"
// then what the application includes
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include <cstddef>

#include "mcustd/vfs.hpp"

namespace vfs = mcustd::vfs;

// fcntl: lwIP's lwip_fcntl tests the newlib bit the VFS stores in the descriptor's flags.
static_assert(O_NONBLOCK == _FNONBLOCK, "lwIP saw its own O_NONBLOCK instead of newlib's");
static_assert(F_GETFL == 3 && F_SETFL == 4, "fcntl commands differ between newlib and lwIP");
static_assert(O_RDONLY == 0 && O_WRONLY == 1 && O_RDWR == 2, "lwIP's O_RDONLY substitutes leaked");

// poll: one set of event bits for lwIP, our poll() and the VFS.
static_assert(POLLIN == vfs::kPollIn && POLLOUT == vfs::kPollOut && POLLERR == vfs::kPollErr &&
                  POLLHUP == vfs::kPollHup && POLLNVAL == vfs::kPollNval,
              "poll bits differ between <poll.h> and the VFS");
static_assert(sizeof(pollfd) == sizeof(vfs::PollFd) &&
                  offsetof(pollfd, revents) == offsetof(vfs::PollFd, revents),
              "struct pollfd layout differs from vfs::PollFd");

// SO_RCVTIMEO/SO_SNDTIMEO take newlib's struct timeval (64-bit time_t), not lwIP's private one.
static_assert(LWIP_TIMEVAL_PRIVATE == 0 && LWIP_SO_SNDRCVTIMEO_NONSTANDARD == 0);
static_assert(sizeof(time_t) == 8 && sizeof(timeval) == 16, "newlib's timeval (64-bit time_t)");

// writev/sendmsg: lwIP's struct msghdr points at our struct iovec (sys/uio.h), not a twin.
#ifndef iovec
#error "lwIP defined its own struct iovec"
#endif
static_assert(sizeof(iovec) == 2 * sizeof(void*) && offsetof(iovec, iov_len) == sizeof(void*));

// Addresses: BSD layout with length bytes; what lib/net copies and lwIP reads.
static_assert(sizeof(sockaddr_in) == 16 && offsetof(sockaddr_in, sin_family) == 1 &&
              offsetof(sockaddr_in, sin_port) == 2 && offsetof(sockaddr_in, sin_addr) == 4);
static_assert(sizeof(sockaddr_storage) >= sizeof(sockaddr_in6));
static_assert(sizeof(socklen_t) == 4);
static_assert(AF_INET == 2 && AF_INET6 == 10, "AF_INET6 is AF_UNSPEC unless LWIP_IPV6");

// Option names lib/net passes and SO_REUSE must be compiled in for SO_REUSEADDR to work.
static_assert(SO_REUSE == 1, "SO_REUSEADDR would fail with ENOPROTOOPT");
static_assert(LWIP_SO_RCVTIMEO == 1 && LWIP_SO_SNDTIMEO == 1);

// errno: lwIP reports through newlib's errno (per thread), with newlib's numbers.
#ifdef LWIP_PROVIDE_ERRNO
#error "lwIP must not provide its own errno values"
#endif
static_assert(EWOULDBLOCK == EAGAIN);
