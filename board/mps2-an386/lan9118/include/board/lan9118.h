/* SMSC LAN9118 Ethernet controller on QEMU mps2-an386 (0x40200000, IRQ 13, level-triggered).
 * Register-level driver: FIFOs, MAC and PHY access. No lwIP here; lan9118_netif.h is the glue.
 * Single user: the caller serialises TX (lwIP's core lock) and RX (the tcpip thread). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LAN9118_BASE 0x40200000u
#define LAN9118_MAX_FRAME 1514u /* without FCS */

/* Soft-resets the chip, reads its MAC address (QEMU loads it from the EEPROM: 52:54:00:12:34:56)
 * into mac, enables the transmitter and receiver and routes the RX interrupt to the IRQ line
 * (still masked: lan9118_rx_irq_unmask). Returns 0, or -1 if no LAN9118 answers. */
int lan9118_init(uint8_t mac[6]);
/* PHY basic status: link up. */
bool lan9118_link_up(void);

/* ---- transmit: one frame = begin, write..., end (total written == len) ---- */
/* Waits (bounded) for FIFO room; returns false if the frame does not fit. */
bool lan9118_tx_begin(size_t len);
void lan9118_tx_write(const void* data, size_t n);
void lan9118_tx_end(void);

/* ---- receive ---- */
/* Length (without FCS) of the next received frame, popping its status; 0 if none is waiting.
 * Frames with errors are dropped here. Then read exactly that many bytes with lan9118_rx_read
 * (in pieces of any size) and call lan9118_rx_done. */
size_t lan9118_rx_next(void);
void lan9118_rx_read(void* dst, size_t n);
void lan9118_rx_done(void);
/* Frames counted by the driver: received, dropped (errors or no buffer), sent. */
typedef struct lan9118_counters {
    uint32_t rx_frames;
    uint32_t rx_dropped;
    uint32_t tx_frames;
} lan9118_counters;
lan9118_counters lan9118_get_counters(void);
void lan9118_count_rx_drop(void);

/* ---- interrupt: RX status FIFO level. The ISR masks it; the consumer clears it, drains the
 * FIFO, then unmasks, so a frame arriving in between re-raises the line. ---- */
void lan9118_rx_irq_mask(void);
void lan9118_rx_irq_clear(void);
void lan9118_rx_irq_unmask(void);

#ifdef __cplusplus
}
#endif
