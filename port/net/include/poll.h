/* POSIX <poll.h> for the MCU (picolibc has none). Values are Linux's, which port/vfs also uses
 * (mcustd::vfs::kPoll*). lwIP is compiled with this header (arch/cc.h includes it), so lwip_poll
 * speaks these values too and no translation happens; port/net/src/abi_checks.c checks both. */
#ifndef MCUSTD_POLL_H
#define MCUSTD_POLL_H

#ifdef __cplusplus
extern "C" {
#endif

#define POLLIN 0x001
#define POLLPRI 0x002
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020
#define POLLRDNORM 0x040
#define POLLRDBAND 0x080
#define POLLWRNORM 0x100
#define POLLWRBAND 0x200

typedef unsigned int nfds_t;

struct pollfd {
    int fd;
    short events;
    short revents;
};

/* Files, the console and sockets in one call (port/net/src/socket_vfs.cpp). */
int poll(struct pollfd* fds, nfds_t nfds, int timeout);

#ifdef __cplusplus
}
#endif

#endif /* MCUSTD_POLL_H */
