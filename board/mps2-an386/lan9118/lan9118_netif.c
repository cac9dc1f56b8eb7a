/* lwIP glue for the LAN9118: TX from lwIP's core (linkoutput), interrupt-driven RX.
 *
 * RX path: the IRQ handler only masks the RX interrupt and posts a preallocated callback message
 * to lwIP's tcpip thread (tcpip_callbackmsg_trycallback_fromisr: no allocation in the ISR). The
 * tcpip thread then clears the interrupt, copies every waiting frame into a pool pbuf chain,
 * feeds it to ethernet_input and unmasks. A 100 ms lwIP timer drains too, in case the mailbox
 * was full when the interrupt came (the message is then lost, the frames are not). */
#include <string.h>

#include "board/board.h"
#include "board/lan9118.h"
#include "board/lan9118_netif.h"
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/pbuf.h"
#include "lwip/tcpip.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#define RX_IRQ_PRIO 4 /* board scale 0..7; below the UART so console input stays responsive */
#define RX_POLL_MS 100

static struct netif* the_netif;
static struct tcpip_callback_msg* rx_msg;

static void rx_drain(void* arg) {
    (void)arg;
    lan9118_rx_irq_clear(); /* before draining: a frame arriving later sets it again */
    size_t len;
    while ((len = lan9118_rx_next()) != 0) {
        struct pbuf* p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
        if (p == NULL) {
            lan9118_rx_done();
            lan9118_count_rx_drop();
            continue;
        }
        for (struct pbuf* q = p; q != NULL; q = q->next) {
            lan9118_rx_read(q->payload, q->len);
        }
        lan9118_rx_done();
        if (the_netif->input(p, the_netif) != ERR_OK) {
            pbuf_free(p);
        }
    }
    lan9118_rx_irq_unmask();
}

static void rx_poll_timer(void* arg) {
    rx_drain(arg);
    sys_timeout(RX_POLL_MS, rx_poll_timer, NULL);
}

static void lan9118_isr(void) {
    lan9118_rx_irq_mask(); /* level-triggered: drop the line until the thread has drained */
    if (tcpip_callbackmsg_trycallback_fromisr(rx_msg) != ERR_OK) {
        /* Mailbox full: the poll timer will drain and unmask. */
    }
}

static err_t linkoutput(struct netif* netif, struct pbuf* p) {
    (void)netif;
    if (!lan9118_tx_begin(p->tot_len)) {
        return ERR_IF;
    }
    for (struct pbuf* q = p; q != NULL; q = q->next) {
        lan9118_tx_write(q->payload, q->len);
    }
    lan9118_tx_end();
    return ERR_OK;
}

err_t lan9118_netif_init(struct netif* netif) {
    uint8_t mac[6];
    if (lan9118_init(mac) != 0) {
        return ERR_IF;
    }
    netif->name[0] = 'e';
    netif->name[1] = 'n';
    netif->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(netif->hwaddr, mac, sizeof mac);
    netif->mtu = 1500;
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    netif->linkoutput = linkoutput;
#if LWIP_IPV4
    netif->output = etharp_output;
#endif
#if LWIP_IPV6
    netif->output_ip6 = ethip6_output;
#endif
    the_netif = netif;
    if (rx_msg == NULL) {
        rx_msg = tcpip_callbackmsg_new(rx_drain, NULL);
        if (rx_msg == NULL) {
            return ERR_MEM;
        }
    }
    if (lan9118_link_up()) {
        netif->flags |= NETIF_FLAG_LINK_UP;
    }
    board_irq_set_handler(BOARD_IRQ_LAN9118, lan9118_isr);
    board_irq_enable(BOARD_IRQ_LAN9118, RX_IRQ_PRIO);
    lan9118_rx_irq_unmask();
    sys_timeout(RX_POLL_MS, rx_poll_timer, NULL);
    return ERR_OK;
}
