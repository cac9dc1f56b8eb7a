/* lwIP configuration for the mcustd MCU image: every knob in this one header.
 *
 * Budget: the web-server image must fit 128 KiB RAM with 4 worker threads (an STM32F407's SRAM
 * without its CCM). lwIP gets about 32 KiB of that: ~12 KiB heap for outgoing segments, ~9 KiB
 * of receive pbufs, the rest pools and the tcpip thread's stack. Each figure below says why.
 * `net` in the firmware shell prints the pools' use so a test can see them return to baseline.
 */
#ifndef MCUSTD_LWIPOPTS_H
#define MCUSTD_LWIPOPTS_H

#include "mcustd/net_port.h" /* MCUSTD_NET_MAX_SOCKETS, shared with the firmware's server cap */

/* ---- OS mode: lwIP runs its own tcpip thread over our kernel (port/net/src/sys_arch.c) ---- */
#define NO_SYS 0
#define SYS_LIGHTWEIGHT_PROT 1 /* sys_arch_protect: the kernel's critical section */
/* Sockets call into the core under one mutex instead of a message round trip per call. */
#define LWIP_TCPIP_CORE_LOCKING 1
#define LWIP_TCPIP_CORE_LOCKING_INPUT 0
#define TCPIP_THREAD_NAME "tcpip"
/* Measured high-water mark 504 B under load (net_concurrent); the rest is for LWIP_ASSERT's printf.
 */
#define TCPIP_THREAD_STACKSIZE 1536
#define TCPIP_THREAD_PRIO 20 /* kernel scale 1..31: above apps (16) so input is never starved */
#define TCPIP_MBOX_SIZE 16   /* driver RX callbacks + API messages in flight */
#define DEFAULT_THREAD_STACKSIZE 1024
#define DEFAULT_TCP_RECVMBOX_SIZE 8 /* pbuf pointers queued per connection (<= TCP_WND) */
/* listen() clamps the backlog to this (socket_vfs.cpp) */
#define DEFAULT_ACCEPTMBOX_SIZE MCUSTD_NET_LISTEN_BACKLOG
#define DEFAULT_RAW_RECVMBOX_SIZE 4
#define DEFAULT_UDP_RECVMBOX_SIZE 4
#define LWIP_NETCONN_SEM_PER_THREAD 0
#define LWIP_NETCONN_FULLDUPLEX 0

/* ---- Memory: lwIP's own heap and pools (bounded, visible in stats), not malloc ---- */
#define MEM_LIBC_MALLOC 0
#define MEMP_MEM_MALLOC 0
#define MEM_ALIGNMENT 4
/* TX data is copied into PBUF_RAM segments from this heap: 4 workers x TCP_SND_BUF (2920)
 * = 11.7 KiB plus headers. When it is exhausted tcp_write waits for ACKs, it does not fail. */
#define MEM_SIZE (12 * 1024)
/* RX: the driver copies each frame into a chain of pool pbufs. 512-byte buffers waste little on
 * the small frames HTTP mostly receives (requests, ACKs); a full 1514-byte frame takes 3. */
#define PBUF_POOL_SIZE 16
#define PBUF_POOL_BUFSIZE 512
#define MEMP_NUM_PBUF 8 /* ROM/REF pbufs: only for static data sent by reference */
#define MEMP_NUM_RAW_PCB 1
#define MEMP_NUM_UDP_PCB 4 /* lib/httpd's waker: a UDP socket on 127.0.0.1, one per server */
/* Every socket's netconn plus DEFAULT_ACCEPTMBOX_SIZE handshakes not yet accepted; TIME_WAIT
 * pcbs are recycled when the pool runs out. ~170 B each. */
#define MEMP_NUM_TCP_PCB (MCUSTD_NET_MAX_SOCKETS + MCUSTD_NET_LISTEN_BACKLOG)
#define MEMP_NUM_TCP_PCB_LISTEN 2
#define MEMP_NUM_TCP_SEG 32 /* >= TCP_SND_QUEUELEN per busy connection */
/* One per socket, including connections lwIP accepted but the app has not: when the pool is
 * empty lwIP answers a completed handshake with a reset the server never sees, so the server's
 * own connection cap (firmware/src/autostart.cpp) stays below it and answers 503 instead. */
#define MEMP_NUM_NETCONN MCUSTD_NET_MAX_SOCKETS
#define MEMP_NUM_NETBUF 4 /* one per queued datagram (waker wake-ups) */
#define MEMP_NUM_TCPIP_MSG_API 8
#define MEMP_NUM_TCPIP_MSG_INPKT 8
#define MEMP_NUM_SELECT_CB 6 /* one per thread blocked in poll() */
#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 1) /* + the LAN9118 RX poll */
#define MEMP_NUM_REASSDATA 1
#define MEMP_NUM_FRAG_PBUF 1
#define MEMP_NUM_ARP_QUEUE 4

/* ---- Protocols ---- */
#define LWIP_ARP 1
#define ARP_TABLE_SIZE 4 /* QEMU's user network: the gateway and nothing else */
#define ARP_QUEUEING 0
#define ETHARP_SUPPORT_STATIC_ENTRIES 0
#define LWIP_IPV4 1
#define IP_FORWARD 0
#define IP_REASSEMBLY 0 /* TCP never needs fragments (MSS fits the MTU) */
#define IP_FRAG 0
#define LWIP_ICMP 1 /* answers ping: handy when debugging the link */
#define LWIP_RAW 0
#define LWIP_UDP 1 /* SOCK_DGRAM for applications (net_sockflags tests it); no longer the waker */
#define LWIP_DHCP 0
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
#define LWIP_DNS 0
#define LWIP_TCP 1
#define LWIP_ALTCP 0

/* IPv6: compiled in so AF_INET6 and sockaddr_in6 exist for lib/net unchanged (lwIP defines
 * AF_INET6 as AF_UNSPEC without it); tables kept minimal. */
#ifndef LWIP_IPV6
#define LWIP_IPV6 1
#endif
#define LWIP_IPV6_NUM_ADDRESSES 2
#define LWIP_IPV6_FRAG 0
#define LWIP_IPV6_REASS 0
#define LWIP_IPV6_MLD 0
#define LWIP_IPV6_DHCP6 0
#define LWIP_IPV6_AUTOCONFIG 1
#define LWIP_IPV6_SEND_ROUTER_SOLICIT 0
#define LWIP_ND6_QUEUEING 0
#define LWIP_ND6_NUM_NEIGHBORS 2
#define LWIP_ND6_NUM_DESTINATIONS 2
#define LWIP_ND6_NUM_PREFIXES 1
#define LWIP_ND6_NUM_ROUTERS 1
#define MEMP_NUM_ND6_QUEUE 1

/* ---- TCP ---- */
#define TCP_MSS 1460              /* full Ethernet frames: fewest interrupts per KiB */
#define TCP_SND_BUF (2 * TCP_MSS) /* per connection; see MEM_SIZE */
#define TCP_SND_QUEUELEN ((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
#define TCP_WND (2 * TCP_MSS) /* bounded by the pbuf pool, not by the peer */
#define TCP_QUEUE_OOSEQ 0     /* QEMU's user network does not reorder */
#define TCP_LISTEN_BACKLOG 1
#define TCP_DEFAULT_LISTEN_BACKLOG MCUSTD_NET_LISTEN_BACKLOG
#define LWIP_TCP_KEEPALIVE 0
#define SO_REUSE 1 /* SO_REUSEADDR: a restarted server re-binds its port */
#define LWIP_TCP_TIMESTAMPS 0
/* Drops the duplicate ACKs lwIP would answer while its receive window is zero (an endless ACK
 * exchange with some peers): port/net/src/tcp_zero_window.c explains. */
struct tcp_pcb;
struct tcp_hdr;
struct pbuf;
signed char mcustd_tcp_inpacket_hook(struct tcp_pcb* pcb, struct tcp_hdr* hdr, struct pbuf* p);
#define LWIP_HOOK_TCP_INPACKET_PCB(pcb, hdr, optlen, opt1len, opt2, p) \
    mcustd_tcp_inpacket_hook((pcb), (hdr), (p))

/* ---- Network interface ---- */
#define LWIP_SINGLE_NETIF 0
#define LWIP_NETIF_HOSTNAME 0
#define LWIP_NETIF_API 0
#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0
/* 127.0.0.1 and ::1 exist, as on a host (lib/httpd's waker, in-guest clients). */
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_HAVE_LOOPIF 1
#define LWIP_LOOPBACK_MAX_PBUFS 8
#define PBUF_LINK_ENCAPSULATION_HLEN 0
#define ETH_PAD_SIZE 0

/* ---- Sequential and socket APIs ---- */
#define LWIP_NETCONN 1
#define LWIP_SOCKET 1
#define LWIP_COMPAT_SOCKETS 0 /* POSIX names are ours (port/net/include), over the VFS */
#define LWIP_POSIX_SOCKETS_IO_NAMES 0
#define LWIP_SOCKET_OFFSET 0
#define LWIP_SOCKET_SELECT 0 /* only poll(); select() would need a second fd_set */
#define LWIP_SOCKET_POLL 1
#define LWIP_SO_SNDTIMEO 1
#define LWIP_SO_RCVTIMEO 1
#define LWIP_SO_SNDRCVTIMEO_NONSTANDARD 0 /* struct timeval, as POSIX and lib/net use */
#define LWIP_SO_RCVBUF 0
#define LWIP_SO_LINGER 0
#define LWIP_TCP_CLOSE_TIMEOUT_MS_DEFAULT 20000
#define LWIP_FIONREAD_LINUXMODE 1
#define LWIP_TIMEVAL_PRIVATE 0  /* picolibc's struct timeval (arch/cc.h includes it) */
#define LWIP_ERRNO_STDINCLUDE 1 /* picolibc's errno: thread_local */

/* ---- Checksums: computed in software (QEMU's LAN9118 model offloads nothing) ---- */
#define LWIP_CHECKSUM_ON_COPY 1
/* The sum itself in Cortex-M4 assembly (src/chksum_armv7m.S, test net_chksum): lwIP's generic C
 * version cost ~4,000 guest instructions per 1 KiB response (bench/mcu.sh's profile). */
#define LWIP_CHKSUM mcustd_lwip_chksum
#if !defined(__ASSEMBLER__)
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
uint16_t mcustd_lwip_chksum(const void* data, int len);
#ifdef __cplusplus
}
#endif
#endif

/* ---- Statistics: heap and pools only, for the leak checks ---- */
#define LWIP_STATS 1
#define LWIP_STATS_DISPLAY 0
#define MEM_STATS 1
#define MEMP_STATS 1
#define SYS_STATS 1
#define LINK_STATS 0
#define ETHARP_STATS 0
#define IP_STATS 0
#define IP6_STATS 0
#define ICMP_STATS 0
#define ICMP6_STATS 0
#define ND6_STATS 0
#define MLD6_STATS 0
#define TCP_STATS 0
#define UDP_STATS 0
#define IPFRAG_STATS 0
#define IGMP_STATS 0

/* Debugging: LWIP_DEBUG is tested with #ifdef, so it stays undefined here. */

#endif /* MCUSTD_LWIPOPTS_H */
