/* lwIP network interface for the LAN9118 (OS mode). Pass lan9118_netif_init to netif_add with
 * ethernet_input as the input function (frames are handed to lwIP from the tcpip thread). */
#pragma once

#include "lwip/err.h"
#include "lwip/netif.h"

#ifdef __cplusplus
extern "C" {
#endif

/* netif_add init callback: resets the chip, fills in the MAC address, MTU, flags and output
 * functions, installs the IRQ 13 handler and unmasks RX. ERR_IF if no LAN9118 is present.
 * Must run in the tcpip thread or with the core lock held (netif_add does). */
err_t lan9118_netif_init(struct netif* netif);

#ifdef __cplusplus
}
#endif
