/* LAN9118 register-level driver. Register behaviour as QEMU's model implements it
 * (hw/net/lan9118.c): FIFO words are little-endian, MAC/PHY commands complete at once, the IRQ
 * line is (INT_STS & INT_EN) != 0 shaped by IRQ_CFG's polarity bits. */
#include "board/lan9118.h"

#include <string.h>

/* ---- system control and status registers (byte offsets) ---- */
enum {
    RX_DATA_FIFO = 0x00,
    TX_DATA_FIFO = 0x20,
    RX_STATUS_FIFO = 0x40,
    TX_STATUS_FIFO = 0x48,
    ID_REV = 0x50,
    IRQ_CFG = 0x54,
    INT_STS = 0x58,
    INT_EN = 0x5c,
    BYTE_TEST = 0x64,
    FIFO_INT = 0x68,
    RX_CFG = 0x6c,
    TX_CFG = 0x70,
    HW_CFG = 0x74,
    RX_FIFO_INF = 0x7c,
    TX_FIFO_INF = 0x80,
    PMT_CTRL = 0x84,
    MAC_CSR_CMD = 0xa4,
    MAC_CSR_DATA = 0xa8,
};

/* IRQ_CFG: enable the pin, active-high push-pull (otherwise the pin idles asserted). */
#define IRQ_CFG_EN 0x100u
#define IRQ_CFG_POL_HIGH 0x010u
#define IRQ_CFG_PUSH_PULL 0x001u
/* INT_STS / INT_EN: RX status FIFO above its level (FIFO_INT[7:0] = 0: any frame). */
#define INT_RSFL 0x00000008u
#define HW_CFG_SRST 0x00000001u
#define PMT_CTRL_READY 0x00000001u
#define TX_CFG_TX_ON 0x00000002u
#define TX_CFG_DUMP 0x0000c000u /* TXS_DUMP | TXD_DUMP */
#define RX_CFG_DUMP 0x00008000u
#define ID_REV_CHIP_MASK 0xffff0000u
#define ID_REV_LAN9118 0x01180000u
#define BYTE_TEST_VALUE 0x87654321u

/* TX command words */
#define TXA_FIRST_SEG 0x00002000u
#define TXA_LAST_SEG 0x00001000u
/* RX status word */
#define RXS_LENGTH(s) (((s) >> 16) & 0x3fffu)
#define RXS_ERROR 0x00008000u

/* ---- MAC CSRs, reached through MAC_CSR_CMD/DATA ---- */
enum { MAC_CR = 1, MAC_ADDRH = 2, MAC_ADDRL = 3, MAC_MII_ACC = 6, MAC_MII_DATA = 7 };
#define MAC_CSR_BUSY 0x80000000u
#define MAC_CSR_READ 0x40000000u
#define MAC_CR_RXEN 0x00000004u
#define MAC_CR_TXEN 0x00000008u
#define MAC_CR_MCPAS 0x00080000u /* pass all multicast: IPv6 neighbour discovery */
#define MAC_CR_FDPX 0x00100000u
#define MII_BUSY 0x1u
#define PHY_ADDR 1u
#define PHY_BASIC_STATUS 1u
#define PHY_LINK_UP 0x0004u

/* Bound for every busy-wait: the model completes commands at once; real parts within ~us. */
#define SPIN_LIMIT 100000u

/* fifo_armv7m.S */
void lan9118_fifo_write_bursts(volatile uint32_t* tx_port, const void* src, size_t bursts);
void lan9118_fifo_read_bursts(volatile const uint32_t* rx_port, void* dst, size_t bursts);

static inline uint32_t reg_read(uint32_t off) {
    return *(volatile const uint32_t*)(LAN9118_BASE + off);
}
static inline void reg_write(uint32_t off, uint32_t v) {
    *(volatile uint32_t*)(LAN9118_BASE + off) = v;
}

static bool mac_wait(void) {
    for (unsigned i = 0; i < SPIN_LIMIT; ++i) {
        if ((reg_read(MAC_CSR_CMD) & MAC_CSR_BUSY) == 0) {
            return true;
        }
    }
    return false;
}

static uint32_t mac_read(uint32_t reg) {
    mac_wait();
    reg_write(MAC_CSR_CMD, MAC_CSR_BUSY | MAC_CSR_READ | reg);
    mac_wait();
    return reg_read(MAC_CSR_DATA);
}

static void mac_write(uint32_t reg, uint32_t value) {
    mac_wait();
    reg_write(MAC_CSR_DATA, value);
    reg_write(MAC_CSR_CMD, MAC_CSR_BUSY | reg);
    mac_wait();
}

static uint32_t phy_read(uint32_t reg) {
    mac_write(MAC_MII_ACC, (PHY_ADDR << 11) | (reg << 6) | MII_BUSY);
    for (unsigned i = 0; i < SPIN_LIMIT && (mac_read(MAC_MII_ACC) & MII_BUSY); ++i) {
    }
    return mac_read(MAC_MII_DATA) & 0xffffu;
}

static lan9118_counters counters;

int lan9118_init(uint8_t mac[6]) {
    if ((reg_read(ID_REV) & ID_REV_CHIP_MASK) != ID_REV_LAN9118 ||
        reg_read(BYTE_TEST) != BYTE_TEST_VALUE) {
        return -1;
    }
    reg_write(HW_CFG, HW_CFG_SRST);
    unsigned spins = 0;
    while ((reg_read(HW_CFG) & HW_CFG_SRST) && ++spins < SPIN_LIMIT) {
    }
    while (!(reg_read(PMT_CTRL) & PMT_CTRL_READY) && ++spins < SPIN_LIMIT) {
    }
    if (spins >= SPIN_LIMIT) {
        return -1;
    }
    reg_write(INT_EN, 0);
    reg_write(INT_STS, 0xffffffffu);
    reg_write(IRQ_CFG, IRQ_CFG_EN | IRQ_CFG_POL_HIGH | IRQ_CFG_PUSH_PULL);
    reg_write(FIFO_INT, 0x48000000u); /* TX data available level (unused); RX status level 0 */
    reg_write(RX_CFG, RX_CFG_DUMP);   /* empty FIFOs, no offset, 4-byte end alignment */
    reg_write(TX_CFG, TX_CFG_DUMP);

    const uint32_t lo = mac_read(MAC_ADDRL);
    const uint32_t hi = mac_read(MAC_ADDRH);
    mac[0] = (uint8_t)lo;
    mac[1] = (uint8_t)(lo >> 8);
    mac[2] = (uint8_t)(lo >> 16);
    mac[3] = (uint8_t)(lo >> 24);
    mac[4] = (uint8_t)hi;
    mac[5] = (uint8_t)(hi >> 8);
    if ((lo | (hi & 0xffffu)) == 0 || (mac[0] & 1u)) {
        /* No EEPROM address: use QEMU's default and program it. */
        static const uint8_t fallback[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
        memcpy(mac, fallback, 6);
        mac_write(MAC_ADDRL, (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 |
                                 (uint32_t)mac[3] << 24);
        mac_write(MAC_ADDRH, (uint32_t)mac[4] | (uint32_t)mac[5] << 8);
    }
    /* Own address + broadcast + all multicast; promiscuous (the reset value) off. */
    mac_write(MAC_CR, MAC_CR_TXEN | MAC_CR_RXEN | MAC_CR_FDPX | MAC_CR_MCPAS);
    reg_write(TX_CFG, TX_CFG_TX_ON);
    memset(&counters, 0, sizeof counters);
    return 0;
}

bool lan9118_link_up(void) {
    return (phy_read(PHY_BASIC_STATUS) & PHY_LINK_UP) != 0;
}

/* ---- transmit ---- */
static uint32_t tx_word;   /* bytes not yet pushed, packed little-endian */
static unsigned tx_filled; /* how many of tx_word's bytes are valid */

bool lan9118_tx_begin(size_t len) {
    if (len == 0 || len > LAN9118_MAX_FRAME) {
        return false;
    }
    const uint32_t words = 2u + ((uint32_t)len + 3u) / 4u; /* two command words + data */
    unsigned spins = 0;
    while ((reg_read(TX_FIFO_INF) & 0xffffu) < words * 4u) {
        if (++spins >= SPIN_LIMIT) {
            return false;
        }
    }
    reg_write(TX_DATA_FIFO, TXA_FIRST_SEG | TXA_LAST_SEG | (uint32_t)len);
    reg_write(TX_DATA_FIFO, ((uint32_t)len << 16) | (uint32_t)len); /* tag = length */
    tx_word = 0;
    tx_filled = 0;
    return true;
}

void lan9118_tx_write(const void* data, size_t n) {
    const uint8_t* p = data;
    while (n > 0 && tx_filled != 0) {
        tx_word |= (uint32_t)*p++ << (8u * tx_filled);
        --n;
        if (++tx_filled == 4) {
            reg_write(TX_DATA_FIFO, tx_word);
            tx_word = 0;
            tx_filled = 0;
        }
    }
    if (n >= 32) { /* fifo_armv7m.S: 8 words per STM through the port's aliases */
        lan9118_fifo_write_bursts((volatile uint32_t*)(LAN9118_BASE + TX_DATA_FIFO), p, n / 32);
        p += n & ~(size_t)31;
        n &= 31;
    }
    for (; n >= 4; n -= 4, p += 4) {
        uint32_t w;
        memcpy(&w, p, 4); /* unaligned-safe; the FIFO word is little-endian like the core */
        reg_write(TX_DATA_FIFO, w);
    }
    while (n-- > 0) {
        tx_word |= (uint32_t)*p++ << (8u * tx_filled++);
    }
}

void lan9118_tx_end(void) {
    if (tx_filled != 0) {
        reg_write(TX_DATA_FIFO, tx_word);
        tx_filled = 0;
    }
    /* Pop TX status words so the status FIFO never fills (its contents are not needed). */
    for (uint32_t n = (reg_read(TX_FIFO_INF) >> 16) & 0xffu; n > 0; --n) {
        (void)reg_read(TX_STATUS_FIFO);
    }
    ++counters.tx_frames;
}

/* ---- receive ---- */
static uint32_t rx_words_left; /* FIFO words of the current frame not read yet (incl. FCS) */
static uint32_t rx_word;
static unsigned rx_avail; /* unread bytes in rx_word */

static void rx_skip_words(uint32_t n) {
    while (n-- > 0) {
        (void)reg_read(RX_DATA_FIFO);
    }
}

size_t lan9118_rx_next(void) {
    for (;;) {
        if (((reg_read(RX_FIFO_INF) >> 16) & 0xffu) == 0) {
            return 0;
        }
        const uint32_t status = reg_read(RX_STATUS_FIFO);
        const uint32_t len = RXS_LENGTH(status); /* includes the 4-byte FCS */
        const uint32_t words = (len + 3u) / 4u;
        if ((status & RXS_ERROR) || len < 4u + 14u || len - 4u > LAN9118_MAX_FRAME) {
            rx_skip_words(words);
            ++counters.rx_dropped;
            continue;
        }
        rx_words_left = words;
        rx_avail = 0;
        ++counters.rx_frames;
        return len - 4u;
    }
}

void lan9118_rx_read(void* dst, size_t n) {
    uint8_t* p = dst;
    while (n > 0 && rx_avail > 0) {
        *p++ = (uint8_t)rx_word;
        rx_word >>= 8;
        --rx_avail;
        --n;
    }
    if (n >= 32 && rx_words_left >= 8) { /* fifo_armv7m.S: 8 words per LDM */
        size_t bursts = n / 32;
        if (bursts > rx_words_left / 8)
            bursts = rx_words_left / 8;
        lan9118_fifo_read_bursts((volatile const uint32_t*)(LAN9118_BASE + RX_DATA_FIFO), p,
                                 bursts);
        rx_words_left -= 8 * bursts;
        p += 32 * bursts;
        n -= 32 * bursts;
    }
    for (; n >= 4 && rx_words_left > 0; n -= 4, p += 4) {
        const uint32_t w = reg_read(RX_DATA_FIFO);
        --rx_words_left;
        memcpy(p, &w, 4);
    }
    if (n > 0 && rx_words_left > 0) {
        rx_word = reg_read(RX_DATA_FIFO);
        --rx_words_left;
        rx_avail = 4;
        while (n > 0) {
            *p++ = (uint8_t)rx_word;
            rx_word >>= 8;
            --rx_avail;
            --n;
        }
    }
}

void lan9118_rx_done(void) {
    rx_skip_words(rx_words_left); /* the FCS and anything the caller did not read */
    rx_words_left = 0;
    rx_avail = 0;
}

lan9118_counters lan9118_get_counters(void) {
    return counters;
}

void lan9118_count_rx_drop(void) {
    --counters.rx_frames;
    ++counters.rx_dropped;
}

/* ---- interrupt control ---- */
void lan9118_rx_irq_mask(void) {
    reg_write(INT_EN, 0);
}
void lan9118_rx_irq_clear(void) {
    reg_write(INT_STS, INT_RSFL);
}
void lan9118_rx_irq_unmask(void) {
    reg_write(INT_EN, INT_RSFL);
}
