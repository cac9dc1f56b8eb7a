/* Breaks the ACK loop lwIP 2.1.3 enters when its receive window is zero.
 *
 * RFC 9293 3.10.7.4: with RCV.WND = 0 a segment of length 0 whose SEG.SEQ = RCV.NXT is
 * acceptable, and an acceptable segment with nothing new is not answered. lwIP's tcp_receive()
 * tests every zero-length segment against [RCV.NXT, RCV.NXT + RCV.WND - 1], which is empty when
 * the window is zero, so it answers each pure ACK of the peer with an ACK of its own. A peer
 * that does the same (QEMU's slirp: lwIP's 1-byte zero-window probe moved its SND.NXT past the
 * peer's closed window, so each of our ACKs is out of window there) ACKs back, and the two
 * exchange ACKs as fast as the CPU allows: the tcpip thread, above every application thread,
 * never sleeps again and the device stops answering (issue 8: a client that pipelines requests
 * and never reads). Linux rate-limits such ACKs; slirp does not.
 *
 * The fix uses lwIP's input hook (LWIP_HOOK_TCP_INPACKET_PCB, lwipopts.h) instead of patching
 * lwIP: a segment that is acceptable by the RFC rule above and carries nothing lwIP does not
 * already know (same acknowledgment, same window, no data, no SYN/FIN/RST) is dropped before
 * tcp_receive() can answer it. Anything new (an ACK that advances, a window update, data)
 * still goes through, so a peer reopening its window is seen at once. The cost: while our
 * receive window is zero, duplicate ACKs do not count toward fast retransmit (RTO recovers). */
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "mcustd/net_port.h"

static uint32_t dropped; /* tcpip thread only; read racily for statistics */

uint32_t mcustd_net_zero_window_drops(void) {
    return dropped;
}

err_t mcustd_tcp_inpacket_hook(struct tcp_pcb* pcb, struct tcp_hdr* hdr, struct pbuf* p) {
    /* tcp_input() has converted the header to host order and removed it from p. */
    if (pcb->state < ESTABLISHED || pcb->rcv_wnd != 0 || p->tot_len != 0) {
        return ERR_OK;
    }
    const u8_t flags = TCPH_FLAGS(hdr);
    if ((flags & (TCP_SYN | TCP_FIN | TCP_RST)) != 0 || (flags & TCP_ACK) == 0 ||
        hdr->seqno != pcb->rcv_nxt || hdr->ackno != pcb->lastack ||
        SND_WND_SCALE(pcb, hdr->wnd) != pcb->snd_wnd) {
        return ERR_OK;
    }
    ++dropped;
    return ERR_ABRT; /* not ERR_OK: tcp_input() frees the pbuf and stops */
}
