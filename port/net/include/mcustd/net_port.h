/* Starting the MCU's network and reading its resource use (for the shell and the leak tests). */
#ifndef MCUSTD_NET_PORT_H
#define MCUSTD_NET_PORT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* QEMU user networking: guest 10.0.2.15/24, gateway (and host) 10.0.2.2. */
#define MCUSTD_NET_ADDRESS "10.0.2.15"
#define MCUSTD_NET_NETMASK "255.255.255.0"
#define MCUSTD_NET_GATEWAY "10.0.2.2"

/* Sockets lwIP can hold at once (its netconn pool, ~40 B each plus a ~170 B TCP pcb when
 * connected), counting connections lwIP completed but the app has not accepted yet: at most
 * MCUSTD_NET_LISTEN_BACKLOG per listener (further SYNs are dropped and retried by the peer). */
#define MCUSTD_NET_MAX_SOCKETS 24
#define MCUSTD_NET_LISTEN_BACKLOG 4

/* Starts lwIP's tcpip thread and brings up the LAN9118 with the address above. Call from a
 * thread once the kernel runs; later calls return the first call's result. 0, or -ENODEV when
 * no LAN9118 answers (QEMU run with -nic none still has one; other boards may not). */
int mcustd_net_start(void);

typedef struct mcustd_net_usage {
    uint32_t heap_used; /* lwIP heap (MEM_SIZE): TX segments in flight */
    uint32_t heap_max;  /* its high-water mark */
    uint32_t heap_size;
    uint32_t pbuf_pool_used; /* RX buffers held */
    uint32_t netconns_used;  /* one per open socket */
    uint32_t tcp_pcbs_used;  /* includes TIME_WAIT connections */
    uint32_t pools_used;     /* sum over every lwIP pool */
    uint32_t rx_frames, rx_dropped, tx_frames;
    uint32_t zero_window_drops; /* duplicate ACKs dropped while a receive window was zero */
    uint32_t sent_by_reference; /* mcustd_net_sent_by_reference() */
} mcustd_net_usage;
void mcustd_net_get_usage(mcustd_net_usage* out);
/* Duplicate ACKs dropped so far by the zero-window guard (port/net/src/tcp_zero_window.c). */
uint32_t mcustd_net_zero_window_drops(void);
/* Bytes handed to lwIP by reference to flash since boot: sendfile() from /rom (NETCONN_NOCOPY)
 * and send()/sendmsg()/writev() of buffers in flash on non-blocking TCP sockets (PBUF_ROM; the
 * ROMFS site's bodies). The zero-copy paths' witness: tests check it grows by exactly the bytes
 * sent from flash, and not at all for RAM. */
uint32_t mcustd_net_sent_by_reference(void);
/* One line per pool ("name used/avail max=..") and the heap, to the console. */
void mcustd_net_print_usage(void);

#ifdef __cplusplus
}
#endif

#endif /* MCUSTD_NET_PORT_H */
