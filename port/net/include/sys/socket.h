/* POSIX <sys/socket.h> for the MCU, over lwIP's BSD sockets.
 *
 * Types and constants (struct sockaddr*, socklen_t, AF_*, SOL_SOCKET, SO_*, MSG_*, SHUT_*) are
 * lwIP's own definitions, so what the application passes is exactly what lwIP reads. The
 * functions are ours (port/net/src/socket_vfs.cpp): a socket is a descriptor in the VFS table
 * shared with files, so close/read/write/fcntl/poll/ioctl work on it; each call forwards to
 * lwip_*. SOCK_NONBLOCK, SOCK_CLOEXEC and accept4() are ours too (lwIP 2.1 has none of them). */
#ifndef MCUSTD_SYS_SOCKET_H
#define MCUSTD_SYS_SOCKET_H

#include <sys/types.h>
#include <sys/uio.h>

#include "lwip/sockets.h"

/* Flags or-ed into socket()'s type and passed to accept4(), as on Linux. lwIP has none: ours are
 * the descriptor's status bit (SOCK_NONBLOCK == picolibc's O_NONBLOCK, so the value can go straight
 * into the VFS flags) and its FD_CLOEXEC request (SOCK_CLOEXEC == picolibc's O_CLOEXEC). Both lie
 * far above lwIP's SOCK_STREAM/DGRAM/RAW (1..3); src/abi_checks.cpp fails the build on overlap. */
#ifndef SOCK_NONBLOCK
#define SOCK_NONBLOCK 0x4000
#endif
#ifndef SOCK_CLOEXEC
#define SOCK_CLOEXEC 0x40000
#endif

#ifdef __cplusplus
extern "C" {
#endif

int socket(int domain, int type, int protocol);
int bind(int fd, const struct sockaddr* addr, socklen_t len);
int listen(int fd, int backlog);
int accept(int fd, struct sockaddr* addr, socklen_t* len);
/* accept() whose new descriptor gets O_NONBLOCK / FD_CLOEXEC at once (flags: SOCK_NONBLOCK |
 * SOCK_CLOEXEC; anything else is EINVAL and accepts nothing). */
int accept4(int fd, struct sockaddr* addr, socklen_t* len, int flags);
int connect(int fd, const struct sockaddr* addr, socklen_t len);
int shutdown(int fd, int how);
int getsockname(int fd, struct sockaddr* addr, socklen_t* len);
int getpeername(int fd, struct sockaddr* addr, socklen_t* len);
int setsockopt(int fd, int level, int name, const void* value, socklen_t len);
int getsockopt(int fd, int level, int name, void* value, socklen_t* len);
ssize_t send(int fd, const void* buf, size_t n, int flags);
ssize_t sendto(int fd, const void* buf, size_t n, int flags, const struct sockaddr* to,
               socklen_t tolen);
ssize_t sendmsg(int fd, const struct msghdr* msg, int flags);
ssize_t recv(int fd, void* buf, size_t n, int flags);
ssize_t recvfrom(int fd, void* buf, size_t n, int flags, struct sockaddr* from, socklen_t* fromlen);
ssize_t recvmsg(int fd, struct msghdr* msg, int flags);

#ifdef __cplusplus
}
#endif

#endif /* MCUSTD_SYS_SOCKET_H */
