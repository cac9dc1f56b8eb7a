// Compile-time proof that lwIP and the application agree on what crosses the socket boundary.
// The talk's bug class: a flag or struct defined twice with different values or layouts links
// fine and misbehaves at run time. lwIP's headers come first here, as in lwIP's own sources, so
// any value lwIP would have substituted (its O_NONBLOCK 1, POLLOUT 2, private timeval) shows.
#include "lwip/sockets.h"
// then what the application includes
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include <cstddef>

#include "mcustd/vfs.hpp"

namespace vfs = mcustd::vfs;

// fcntl: lwIP's lwip_fcntl tests the picolibc bit the VFS stores in the descriptor's flags.
static_assert(O_NONBLOCK == _FNONBLOCK, "lwIP saw its own O_NONBLOCK instead of picolibc's");
static_assert(F_GETFL == 3 && F_SETFL == 4, "fcntl commands differ between picolibc and lwIP");
static_assert(O_RDONLY == 0 && O_WRONLY == 1 && O_RDWR == 2, "lwIP's O_RDONLY substitutes leaked");

// poll: one set of event bits for lwIP, our poll() and the VFS.
static_assert(POLLIN == vfs::kPollIn && POLLOUT == vfs::kPollOut && POLLERR == vfs::kPollErr &&
                  POLLHUP == vfs::kPollHup && POLLNVAL == vfs::kPollNval,
              "poll bits differ between <poll.h> and the VFS");
static_assert(sizeof(pollfd) == sizeof(vfs::PollFd) &&
                  offsetof(pollfd, revents) == offsetof(vfs::PollFd, revents),
              "struct pollfd layout differs from vfs::PollFd");

// SO_RCVTIMEO/SO_SNDTIMEO take picolibc's struct timeval (64-bit time_t), not lwIP's private one.
static_assert(LWIP_TIMEVAL_PRIVATE == 0 && LWIP_SO_SNDRCVTIMEO_NONSTANDARD == 0);
static_assert(sizeof(time_t) == 8 && sizeof(timeval) == 16, "picolibc's timeval (64-bit time_t)");

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

// errno: lwIP reports through picolibc's errno (per thread), with picolibc's numbers.
#ifdef LWIP_PROVIDE_ERRNO
#error "lwIP must not provide its own errno values"
#endif
static_assert(EWOULDBLOCK == EAGAIN);

// socket(type | SOCK_NONBLOCK | SOCK_CLOEXEC) and accept4: the flags share socket()'s type
// argument with lwIP's types, so no flag bit may be a type bit (socket_vfs.cpp masks types with
// 0xf), and they are picolibc's O_NONBLOCK/O_CLOEXEC, as Linux's are its own.
static_assert(SOCK_STREAM == 1 && SOCK_DGRAM == 2 && SOCK_RAW == 3, "lwIP's socket types moved");
static_assert(((SOCK_STREAM | SOCK_DGRAM | SOCK_RAW) & ~0xf) == 0, "a socket type is above 0xf");
static_assert((SOCK_NONBLOCK & 0xf) == 0 && (SOCK_CLOEXEC & 0xf) == 0,
              "SOCK_NONBLOCK/SOCK_CLOEXEC overlap the socket type bits");
static_assert((SOCK_NONBLOCK & SOCK_CLOEXEC) == 0, "SOCK_NONBLOCK and SOCK_CLOEXEC overlap");
static_assert(SOCK_NONBLOCK == O_NONBLOCK && SOCK_CLOEXEC == O_CLOEXEC,
              "SOCK_* flags are not picolibc's O_NONBLOCK/O_CLOEXEC");
static_assert(FD_CLOEXEC == 1, "F_SETFD/F_GETFD report FD_CLOEXEC as 1");

// ioctl requests: Linux's FIOCLEX/FIONCLEX numbers must not be lwIP's encodings of FIONBIO or
// FIONREAD (ioctl() answers the first three itself and forwards the rest to lwIP).
static_assert(FIOCLEX == 0x5451 && FIONCLEX == 0x5450, "FIOCLEX/FIONCLEX are Linux's numbers");
// Compared as ioctl() sees them: unsigned long (lwIP's FIONBIO is a negative long).
constexpr unsigned long kIoctlRequests[] = {
    static_cast<unsigned long>(FIOCLEX), static_cast<unsigned long>(FIONCLEX),
    static_cast<unsigned long>(FIONBIO), static_cast<unsigned long>(FIONREAD)};
constexpr bool all_distinct(const unsigned long (&r)[4]) {
    for (int i = 0; i < 4; ++i) {
        for (int j = i + 1; j < 4; ++j) {
            if (r[i] == r[j]) {
                return false;
            }
        }
    }
    return true;
}
static_assert(all_distinct(kIoctlRequests), "an ioctl request number is used twice");
static_assert(static_cast<unsigned long>(FIONBIO) == 0x8004667eUL &&
                  static_cast<unsigned long>(FIONREAD) == 0x4004667fUL,
              "lwIP's FIONBIO/FIONREAD encodings changed");
