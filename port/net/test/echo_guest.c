/* Guest side of the network tests: a TCP server on port 7 driven by echo_host.py through QEMU's
 * hostfwd. Phases (the host script mirrors them):
 *   A  echo until the peer half-closes, then close: 64 KiB must come back intact, then EOF;
 *   B  send "bye\n" and close first: the host must see EOF (close() sends FIN);
 *   R  the port is held by B's closing connection: bind without SO_REUSEADDR fails with
 *      EADDRINUSE, with SO_REUSEADDR it succeeds (a restarted server gets its port back);
 *   C  non-blocking socket + poll: "ping" -> "pong", close;
 *   L  LOOP_COUNT short connections (1 byte echoed, close); afterwards no socket, lwIP heap
 *      block or RX buffer is held and the C heap is where it was before them.
 * Built twice: over our POSIX descriptors (VFS) and, with NET_TEST_LWIP_DIRECT, over lwip_*. */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "board/board.h"
#include "mcustd/net_port.h"

#ifdef NET_TEST_LWIP_DIRECT
#define socket lwip_socket
#define bind lwip_bind
#define listen lwip_listen
#define accept lwip_accept
#define setsockopt lwip_setsockopt
#define close lwip_close
#define read lwip_read
#define write lwip_write
#define fcntl lwip_fcntl
#define poll lwip_poll
#define VARIANT "lwip"
#else
#define VARIANT "posix"
#endif

#define PORT 7
#define LOOP_COUNT 50

static void check(int ok, const char* what) {
    if (!ok) {
        printf("FAIL net_echo_%s: %s (errno %d)\n", VARIANT, what, errno);
        fflush(stdout);
        board_exit(1);
    }
}

static int make_listener(int reuse, int* bind_errno) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    check(s >= 0, "socket");
    if (reuse) {
        int one = 1;
        check(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0, "SO_REUSEADDR");
    }
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(PORT);
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(s, (struct sockaddr*)&a, sizeof a) != 0) {
        *bind_errno = errno;
        close(s);
        return -1;
    }
    check(listen(s, 2) == 0, "listen");
    return s;
}

static int write_all(int fd, const char* p, size_t n) {
    while (n > 0) {
        int w = (int)write(fd, p, n);
        if (w <= 0) {
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int main(void) {
    check(mcustd_net_start() == 0, "mcustd_net_start");
    int err = 0;
    int l1 = make_listener(1, &err);
    check(l1 >= 0, "bind 0.0.0.0:7");
    printf("net_echo: listening on %d\n", PORT);
    fflush(stdout);

    /* A: echo */
    int a = accept(l1, NULL, NULL);
    check(a >= 0, "accept A");
    int one = 1;
    check(setsockopt(a, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0, "TCP_NODELAY");
    static char buf[1460];
    unsigned long total = 0;
    for (;;) {
        int n = (int)read(a, buf, sizeof buf);
        check(n >= 0, "read A");
        if (n == 0) {
            break;
        }
        check(write_all(a, buf, (size_t)n) == 0, "write A");
        total += (unsigned long)n;
    }
    check(close(a) == 0, "close A");
    printf("net_echo: echoed %lu bytes\n", total);

    /* B: server closes first */
    int b = accept(l1, NULL, NULL);
    check(b >= 0, "accept B");
#ifdef NET_TEST_LWIP_DIRECT
    check(write_all(b, "bye\n", 4) == 0, "write B");
#else
    /* Gathered, with MSG_NOSIGNAL as servers pass it (lwip_sendmsg alone refuses that flag). */
    struct iovec parts[2] = {{.iov_base = (void*)"by", .iov_len = 2},
                             {.iov_base = (void*)"e\n", .iov_len = 2}};
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = parts;
    msg.msg_iovlen = 2;
    check(sendmsg(b, &msg, MSG_NOSIGNAL) == 4, "sendmsg B with MSG_NOSIGNAL");
#endif
    check(close(b) == 0, "close B");
    check(close(l1) == 0, "close listener");

    /* R: re-bind while B's connection still holds port 7 */
    err = 0;
    int l2 = make_listener(0, &err);
    check(l2 < 0 && err == EADDRINUSE, "bind without SO_REUSEADDR must fail with EADDRINUSE");
    int l3 = make_listener(1, &err);
    check(l3 >= 0, "bind with SO_REUSEADDR");
    printf("net_echo: rebound port %d\n", PORT);
    fflush(stdout);

    /* C: non-blocking + poll */
    int c = accept(l3, NULL, NULL);
    check(c >= 0, "accept C");
    int flags = fcntl(c, F_GETFL, 0);
    check(flags >= 0 && fcntl(c, F_SETFL, flags | O_NONBLOCK) == 0, "fcntl O_NONBLOCK");
    check(read(c, buf, sizeof buf) < 0 && (errno == EAGAIN || errno == EWOULDBLOCK),
          "non-blocking read before data: EAGAIN");
#ifdef NET_TEST_LWIP_DIRECT
    struct pollfd p = {.fd = c, .events = POLLIN};
    check(poll(&p, 1, 10000) == 1 && (p.revents & POLLIN), "poll POLLIN");
#else
    /* One descriptor space: the socket and the console (no input comes) in one poll() call. */
    struct pollfd p[2] = {{.fd = c, .events = POLLIN}, {.fd = 0, .events = POLLIN}};
    check(poll(p, 2, 10000) == 1 && (p[0].revents & POLLIN) && p[1].revents == 0,
          "poll socket + console: the socket is readable");
#endif
    check(read(c, buf, 4) == 4 && memcmp(buf, "ping", 4) == 0, "read ping");
    check(write_all(c, "pong", 4) == 0, "write pong");
    check(close(c) == 0, "close C");

    /* L: many short connections, then everything must be back at its baseline */
    /* Baseline while quiescent: the host connects only after seeing the line below. */
    const size_t heap_baseline = (size_t)mallinfo().uordblks;
    printf("net_echo: looping %d\n", LOOP_COUNT);
    fflush(stdout);
    for (int i = 0; i < LOOP_COUNT; ++i) {
        int d = accept(l3, NULL, NULL);
        check(d >= 0, "accept L");
        check(read(d, buf, 1) == 1 && write_all(d, buf, 1) == 0, "echo 1 byte");
        check(close(d) == 0, "close L");
    }
    const size_t heap_now = (size_t)mallinfo().uordblks; /* listener still open, as before */
    check(close(l3) == 0, "close listener 2");
    mcustd_net_usage u;
    mcustd_net_get_usage(&u);
    printf("net_echo: C heap %lu (baseline %lu), lwIP heap %lu, netconns %lu, pbufs %lu\n",
           (unsigned long)heap_now, (unsigned long)heap_baseline, (unsigned long)u.heap_used,
           (unsigned long)u.netconns_used, (unsigned long)u.pbuf_pool_used);
    check(u.netconns_used == 0, "no socket left open");
    check(u.heap_used == 0, "lwIP heap empty");
    check(u.pbuf_pool_used == 0, "no RX buffer held");
    check(heap_now == heap_baseline, "C heap back at its baseline");

    mcustd_net_print_usage();
    printf("PASS net_echo_%s\n", VARIANT);
    fflush(stdout);
    board_exit(0);
}
