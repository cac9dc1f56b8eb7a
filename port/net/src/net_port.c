/* Network start-up (tcpip thread + LAN9118 netif) and resource figures. C: pure lwIP glue. */
#include "mcustd/net_port.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "board/lan9118.h"
#include "board/lan9118_netif.h"
#include "kernel/kernel.h"
#include "lwip/init.h"
#include "lwip/ip_addr.h"
#include "lwip/memp.h"
#include "lwip/netif.h"
#include "lwip/stats.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"

static k_mutex start_lock; /* zero = unlocked */
static bool started;
static int start_result;
static struct netif lan_netif;

/* Pool names in MEMP_* order (lwIP keeps them only in debug builds). */
static const char* const pool_names[] = {
#define LWIP_MEMPOOL(name, num, size, desc) desc,
#include "lwip/priv/memp_std.h"
};
_Static_assert(sizeof pool_names / sizeof pool_names[0] == MEMP_MAX, "one name per pool");

static void on_tcpip_ready(void* arg) {
    k_sem_post((k_sem*)arg);
}

static int start_locked(void) {
    k_sem ready;
    k_sem_init(&ready, 0);
    tcpip_init(on_tcpip_ready, &ready);
    (void)k_sem_wait(&ready, K_FOREVER);

    ip4_addr_t addr, mask, gw;
    ip4addr_aton(MCUSTD_NET_ADDRESS, &addr);
    ip4addr_aton(MCUSTD_NET_NETMASK, &mask);
    ip4addr_aton(MCUSTD_NET_GATEWAY, &gw);
    LOCK_TCPIP_CORE();
    struct netif* n =
        netif_add(&lan_netif, &addr, &mask, &gw, NULL, lan9118_netif_init, ethernet_input);
    if (n != NULL) {
        netif_set_default(n);
        netif_set_up(n);
#if LWIP_IPV6
        netif_create_ip6_linklocal_address(n, 1);
#endif
    }
    UNLOCK_TCPIP_CORE();
    return n != NULL ? 0 : -ENODEV;
}

int mcustd_net_start(void) {
    (void)k_mutex_lock(&start_lock, K_FOREVER);
    if (!started) {
        start_result = start_locked();
        started = true;
    }
    const int rc = start_result;
    (void)k_mutex_unlock(&start_lock);
    return rc;
}

void mcustd_net_get_usage(mcustd_net_usage* out) {
    memset(out, 0, sizeof *out);
    out->heap_used = lwip_stats.mem.used;
    out->heap_max = lwip_stats.mem.max;
    out->heap_size = lwip_stats.mem.avail;
    for (int i = 0; i < MEMP_MAX; ++i) {
        const struct stats_mem* m = lwip_stats.memp[i];
        if (m == NULL) {
            continue;
        }
        out->pools_used += m->used;
        if (i == MEMP_PBUF_POOL) {
            out->pbuf_pool_used = m->used;
        } else if (i == MEMP_NETCONN) {
            out->netconns_used = m->used;
        } else if (i == MEMP_TCP_PCB) {
            out->tcp_pcbs_used = m->used;
        }
    }
    const lan9118_counters c = lan9118_get_counters();
    out->rx_frames = c.rx_frames;
    out->rx_dropped = c.rx_dropped;
    out->tx_frames = c.tx_frames;
    out->zero_window_drops = mcustd_net_zero_window_drops();
    out->sent_by_reference = mcustd_net_sent_by_reference();
}

void mcustd_net_print_usage(void) {
    printf("lwip heap %lu/%lu max=%lu\n", (unsigned long)lwip_stats.mem.used,
           (unsigned long)lwip_stats.mem.avail, (unsigned long)lwip_stats.mem.max);
    for (int i = 0; i < MEMP_MAX; ++i) {
        const struct stats_mem* m = lwip_stats.memp[i];
        if (m != NULL) {
            printf("lwip pool %s %u/%u max=%u\n", pool_names[i], (unsigned)m->used,
                   (unsigned)m->avail, (unsigned)m->max);
        }
    }
    const lan9118_counters c = lan9118_get_counters();
    printf("lan9118 rx=%lu dropped=%lu tx=%lu\n", (unsigned long)c.rx_frames,
           (unsigned long)c.rx_dropped, (unsigned long)c.tx_frames);
}
