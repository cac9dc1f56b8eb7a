/* A non-blocking TCP send that copies what lies in RAM and sends what lies in flash by reference.
 *
 * lwIP's netconn write applies one copy flag to a whole gather list, so a response whose head is
 * in a worker's scratch buffer (reused at once: must be copied) and whose body is a span of the
 * ROMFS image (never changes: may be referenced) had to be copied whole, 1 KiB and more per
 * request. Here each buffer gets its own flag: tcp_write() with TCP_WRITE_FLAG_COPY for RAM, a
 * PBUF_ROM reference for flash, both queued before the one tcp_output(), so head and body still
 * leave in the same segment.
 *
 * This is lwIP's raw API under the core lock (LWIP_TCPIP_CORE_LOCKING), the way the netconn
 * layer itself runs in the caller's thread. It only takes the simple case, a connected netconn
 * with no write of the netconn layer in progress and no pending error, and mirrors what
 * lwip_netconn_do_writemore() does for a non-blocking write: the same low-water test and
 * NETCONN_EVT_SENDMINUS event (so poll() sees the socket unwritable until sent_tcp() reports
 * room) and the same tcp_output(). Everything else returns -1 and goes through lwip_sendmsg. */
#include "tcp_send_ref.h"
#include "lwip/api.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"
#include "mcustd/net_port.h"

static uint32_t sent_by_reference; /* any thread: atomic adds, relaxed (a statistic) */

void mcustd_net_note_sent_by_reference(uint32_t n) {
    __atomic_fetch_add(&sent_by_reference, n, __ATOMIC_RELAXED);
}

uint32_t mcustd_net_sent_by_reference(void) {
    return __atomic_load_n(&sent_by_reference, __ATOMIC_RELAXED);
}

int mcustd_in_range(const void* p, size_t n, const void* start, const void* end) {
    const uintptr_t a = (uintptr_t)p;
    return a >= (uintptr_t)start && a < (uintptr_t)end && n <= (uintptr_t)end - a;
}

/* The witness: does the last queued segment end in a PBUF_ROM whose bytes end at `end`? Then
 * lwIP holds a reference to the flash bytes just written, not a copy of them. */
static int ends_in_rom_pbuf(const struct tcp_pcb* pcb, const u8_t* end) {
    const struct tcp_seg* seg = pcb->unsent;
    if (seg == NULL) {
        return 0;
    }
    while (seg->next != NULL) {
        seg = seg->next;
    }
    const struct pbuf* p = seg->p;
    while (p->next != NULL) {
        p = p->next;
    }
    return p->type_internal == PBUF_ROM && (const u8_t*)p->payload + p->len == end;
}

long mcustd_tcp_send_ref(struct netconn* conn, const struct iovec* iov, int iovcnt, int more,
                         const void* flash_start, const void* flash_end) {
    size_t total = 0;
    for (int i = 0; i < iovcnt; ++i) {
        total += iov[i].iov_len;
    }
    LOCK_TCPIP_CORE();
    struct tcp_pcb* pcb = conn->pcb.tcp;
    if (NETCONNTYPE_GROUP(netconn_type(conn)) != NETCONN_TCP || conn->state != NETCONN_NONE ||
        pcb == NULL || conn->pending_err != ERR_OK || total == 0) {
        UNLOCK_TCPIP_CORE();
        return -1; /* lwip_sendmsg gives the right answer (errno, or a blocking wait) */
    }
    size_t queued = 0;
    uint32_t by_reference = 0;
    err_t err = ERR_OK;
    for (int i = 0; i < iovcnt; ++i) {
        const size_t want = iov[i].iov_len;
        if (want == 0) {
            continue;
        }
        const u16_t room = tcp_sndbuf(pcb);
        const u16_t len = want < room ? (u16_t)want : room;
        if (len == 0) {
            break;
        }
        const int last = queued + len == total;
        const int rom = mcustd_in_range(iov[i].iov_base, len, flash_start, flash_end);
        /* MORE only on the call's last piece, as the caller asked: on an earlier one it makes
         * tcp_write preallocate a whole MSS for the copied bytes (TCP_OVERSIZE), and the next
         * tcp_write fills that tail by copying, whatever its own flag says. For the same reason
         * a tail left by an earlier send is given up before flash bytes are queued (lwIP drops
         * it itself once the segment is sent; the bytes it holds are not lost). */
        const u8_t flags =
            (u8_t)((rom ? 0 : TCP_WRITE_FLAG_COPY) | (last && more ? TCP_WRITE_FLAG_MORE : 0));
#if TCP_OVERSIZE
        if (rom) {
            pcb->unsent_oversize = 0;
        }
#endif
        err = tcp_write(pcb, iov[i].iov_base, len, flags);
        if (err != ERR_OK) {
            break;
        }
        queued += len;
        if (rom && ends_in_rom_pbuf(pcb, (const u8_t*)iov[i].iov_base + len)) {
            by_reference += len;
        }
        if (len < want) {
            break;
        }
    }
    if (err != ERR_OK && err != ERR_MEM && queued == 0) {
        UNLOCK_TCPIP_CORE();
        return -1; /* e.g. ERR_CONN after a shutdown: lwip_sendmsg maps it to errno */
    }
    if (queued < total) {
        /* As a non-blocking netconn write that stopped short: unwritable until room is back. */
        API_EVENT(conn, NETCONN_EVT_SENDMINUS, 0);
        netconn_set_flags(conn, NETCONN_FLAG_CHECK_WRITESPACE);
    } else if (tcp_sndbuf(pcb) <= TCP_SNDLOWAT || tcp_sndqueuelen(pcb) >= TCP_SNDQUEUELOWAT) {
        API_EVENT(conn, NETCONN_EVT_SENDMINUS, 0);
    }
    (void)tcp_output(pcb); /* a routing error shows on the next call, as with netconn writes */
    UNLOCK_TCPIP_CORE();
    mcustd_net_note_sent_by_reference(by_reference);
    return (long)queued;
}
