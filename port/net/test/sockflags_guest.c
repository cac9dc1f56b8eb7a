/* The "missing calls" on sockets, in C as an application would write them: SOCK_NONBLOCK and
 * SOCK_CLOEXEC in socket()'s type, accept4() with them, ioctl(FIOCLEX/FIONCLEX/FIONBIO), each
 * checked through what fcntl(F_GETFD/F_GETFL) then reports and how the descriptor behaves.
 * Self-contained: the clients are the guest's own sockets on 127.0.0.1 (lwIP's loopback), so
 * there is no host script. Every check stops the test at the first failure with the errno. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "board/board.h"
#include "mcustd/net_port.h"

#define PORT 5005
#define BOGUS_FLAG 0x1000000 /* no SOCK_* flag has this bit; not a type bit either */

static void check(int ok, const char* what) {
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    if (!ok) {
        printf("FAIL net_sockflags: %s (errno %d)\n", what, errno);
        fflush(stdout);
        board_exit(1);
    }
}

/* -1 with this errno. */
static int fails_with(int rc, int err) {
    return rc == -1 && errno == err;
}

static struct sockaddr_in loopback(void) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(PORT);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/* A client connected to the listener (blocking connect: lwIP's tcpip thread completes the
 * handshake and queues the connection for accept without us). */
static int connect_client(void) {
    int c = socket(AF_INET, SOCK_STREAM, 0);
    check(c >= 0, "client socket");
    struct sockaddr_in a = loopback();
    check(connect(c, (struct sockaddr*)&a, sizeof a) == 0, "connect to 127.0.0.1");
    return c;
}

static int nonblocking(int fd) {
    int fl = fcntl(fd, F_GETFL, 0);
    check(fl >= 0, "F_GETFL");
    return (fl & O_NONBLOCK) != 0;
}

static int cloexec(int fd) {
    int fl = fcntl(fd, F_GETFD, 0);
    check(fl >= 0, "F_GETFD");
    return fl;
}

static void expect_eagain(int fd, const char* what) {
    char c;
    check(read(fd, &c, 1) == -1 && (errno == EAGAIN || errno == EWOULDBLOCK), what);
}

int main(void) {
    check(mcustd_net_start() == 0, "mcustd_net_start");
    char buf[8];

    /* socket() with flags in the type */
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    check(s >= 0, "socket(SOCK_STREAM | SOCK_CLOEXEC)");
    check(cloexec(s) == FD_CLOEXEC, "socket SOCK_CLOEXEC: F_GETFD == FD_CLOEXEC");
    check(!nonblocking(s), "socket SOCK_CLOEXEC: no O_NONBLOCK");
    check(close(s) == 0, "close");
    s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    check(s >= 0, "socket(SOCK_STREAM | SOCK_NONBLOCK)");
    check(nonblocking(s) && cloexec(s) == 0, "socket SOCK_NONBLOCK: O_NONBLOCK, F_GETFD == 0");
    const int lowest = s;
    check(close(s) == 0, "close");
    s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    check(s >= 0 && nonblocking(s) && cloexec(s) == FD_CLOEXEC, "UDP socket with both flags");
    check(recv(s, buf, sizeof buf, 0) == -1 && (errno == EAGAIN || errno == EWOULDBLOCK),
          "non-blocking UDP recv with nothing queued: EAGAIN");
    check(close(s) == 0, "close");
    check(fails_with(socket(AF_INET, SOCK_STREAM | BOGUS_FLAG, 0), EINVAL),
          "socket with an unknown flag: EINVAL");
    s = socket(AF_INET, SOCK_STREAM, 0);
    check(s == lowest && cloexec(s) == 0 && !nonblocking(s),
          "plain socket: lowest free descriptor (nothing leaked), no flags");
    check(close(s) == 0, "close");

    /* listener on the loopback address */
    int l = socket(AF_INET, SOCK_STREAM, 0);
    check(l >= 0, "listener socket");
    struct sockaddr_in a = loopback();
    check(bind(l, (struct sockaddr*)&a, sizeof a) == 0, "bind 127.0.0.1");
    check(listen(l, 4) == 0, "listen");

    /* accept4(SOCK_CLOEXEC) */
    int c1 = connect_client();
    int s1 = accept4(l, NULL, NULL, SOCK_CLOEXEC);
    check(s1 >= 0, "accept4(SOCK_CLOEXEC)");
    check(cloexec(s1) == FD_CLOEXEC, "accept4 SOCK_CLOEXEC: F_GETFD == FD_CLOEXEC");
    check(!nonblocking(s1), "accept4 SOCK_CLOEXEC: no O_NONBLOCK");

    /* accept4(0): nothing set, and the peer address still filled in */
    int c2 = connect_client();
    struct sockaddr_in peer;
    socklen_t len = sizeof peer;
    memset(&peer, 0, sizeof peer);
    int s2 = accept4(l, (struct sockaddr*)&peer, &len, 0);
    check(s2 >= 0, "accept4(0)");
    check(cloexec(s2) == 0 && !nonblocking(s2), "accept4 0: F_GETFD == 0, no O_NONBLOCK");
    check(len == sizeof peer && peer.sin_family == AF_INET &&
              peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
          "accept4 0: peer address 127.0.0.1");

    /* accept4(SOCK_NONBLOCK): O_NONBLOCK, EAGAIN without data, data once it comes */
    int c3 = connect_client();
    int s3 = accept4(l, NULL, NULL, SOCK_NONBLOCK);
    check(s3 >= 0, "accept4(SOCK_NONBLOCK)");
    check(nonblocking(s3) && cloexec(s3) == 0, "accept4 SOCK_NONBLOCK: O_NONBLOCK, F_GETFD == 0");
    expect_eagain(s3, "accept4 SOCK_NONBLOCK: read without data gives EAGAIN");
    check(write(c3, "x", 1) == 1, "client writes 1 byte");
    struct pollfd p = {.fd = s3, .events = POLLIN};
    check(poll(&p, 1, 5000) == 1 && (p.revents & POLLIN), "poll: readable");
    check(read(s3, buf, sizeof buf) == 1 && buf[0] == 'x', "non-blocking read gets the byte");

    /* an unknown flag: EINVAL, and the queued connection is still there for the next accept4 */
    int c4 = connect_client();
    check(fails_with(accept4(l, NULL, NULL, BOGUS_FLAG), EINVAL), "accept4 unknown flag: EINVAL");
    check(fails_with(accept4(l, NULL, NULL, SOCK_CLOEXEC | O_APPEND), EINVAL),
          "accept4 SOCK_CLOEXEC | O_APPEND: EINVAL");
    int s4 = accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    check(s4 >= 0, "accept4 after EINVAL gets the queued connection");
    check(nonblocking(s4) && cloexec(s4) == FD_CLOEXEC, "accept4 both flags: both set");
    check(write(c4, "y", 1) == 1, "client 4 writes");
    p.fd = s4;
    p.revents = 0;
    check(poll(&p, 1, 5000) == 1 && read(s4, buf, 1) == 1 && buf[0] == 'y',
          "it is client 4's connection");
    check(fails_with(accept4(0, NULL, NULL, 0), ENOTSOCK), "accept4 on the console: ENOTSOCK");
    check(fails_with(accept4(23, NULL, NULL, 0), EBADF), "accept4 on a closed descriptor: EBADF");

    /* ioctl: FIOCLEX/FIONCLEX round trip, FIONBIO, FIONREAD forwarded to lwIP */
    check(ioctl(s2, FIOCLEX) == 0 && cloexec(s2) == FD_CLOEXEC, "FIOCLEX: F_GETFD == FD_CLOEXEC");
    check(ioctl(s2, FIONCLEX) == 0 && cloexec(s2) == 0, "FIONCLEX: F_GETFD == 0");
    check(ioctl(s1, FIONCLEX) == 0 && cloexec(s1) == 0, "FIONCLEX clears SOCK_CLOEXEC's flag");
    check(ioctl(s2, FIOCLEX) == 0 && ioctl(s2, FIOCLEX) == 0 && cloexec(s2) == FD_CLOEXEC,
          "FIOCLEX twice: still FD_CLOEXEC");
    check(fcntl(s2, F_SETFD, 0) == 0 && cloexec(s2) == 0, "F_SETFD 0 after FIOCLEX");
    int on = 1;
    check(ioctl(s2, FIONBIO, &on) == 0 && nonblocking(s2), "FIONBIO 1: O_NONBLOCK");
    expect_eagain(s2, "FIONBIO 1: read without data gives EAGAIN");
    int off = 0;
    check(ioctl(s2, FIONBIO, &off) == 0 && !nonblocking(s2), "FIONBIO 0: O_NONBLOCK cleared");
    check(write(c2, "abc", 3) == 3, "client 2 writes 3 bytes");
    p.fd = s2;
    p.revents = 0;
    check(poll(&p, 1, 5000) == 1, "poll: the 3 bytes arrived");
    /* lwIP counts queued TCP bytes only with LWIP_SO_RCVBUF, which lwipopts.h leaves off: the
     * request reaches lwIP and comes back as "unknown" (ENOTTY, lwIP's ENOSYS translated). */
    int avail = -1;
    check(fails_with(ioctl(s2, FIONREAD, &avail), ENOTTY), "FIONREAD on TCP: ENOTTY here");
    check(read(s2, buf, sizeof buf) == 3, "blocking read gets them");
    /* On UDP (LWIP_FIONREAD_LINUXMODE) it answers: the size of the next datagram. */
    int d = socket(AF_INET, SOCK_DGRAM, 0);
    check(d >= 0 && bind(d, (struct sockaddr*)&a, sizeof a) == 0, "UDP socket on 127.0.0.1");
    check(sendto(d, "abc", 3, 0, (struct sockaddr*)&a, sizeof a) == 3, "UDP datagram to itself");
    p.fd = d;
    p.revents = 0;
    check(poll(&p, 1, 5000) == 1, "poll: the datagram arrived");
    check(ioctl(d, FIONREAD, &avail) == 0 && avail == 3, "FIONREAD on UDP: 3 bytes");
    check(close(d) == 0, "close UDP");
    check(fails_with(ioctl(s2, 0x12345678UL, &avail), ENOTTY), "unknown request: ENOTTY");
    check(fails_with(ioctl(s2, FIONBIO, NULL), EINVAL), "FIONBIO without argument: EINVAL");
    check(fails_with(ioctl(23, FIOCLEX), EBADF), "FIOCLEX on a closed descriptor: EBADF");
    /* descriptor flags, not socket state: the console has them too */
    check(ioctl(1, FIOCLEX) == 0 && cloexec(1) == FD_CLOEXEC && ioctl(1, FIONCLEX) == 0 &&
              cloexec(1) == 0,
          "FIOCLEX/FIONCLEX on the console descriptor");

    int fds[] = {s1, s2, s3, s4, c1, c2, c3, c4, l};
    for (unsigned i = 0; i < sizeof fds / sizeof fds[0]; ++i) {
        check(close(fds[i]) == 0, "close");
    }
    mcustd_net_usage u;
    mcustd_net_get_usage(&u);
    check(u.netconns_used == 0, "no lwIP socket left open");
    printf("PASS net_sockflags\n");
    fflush(stdout);
    board_exit(0);
}
