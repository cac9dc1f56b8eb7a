/* CMSDK APB UART0 console: polled transmit, interrupt-driven receive into a ring buffer. */
#include <stdint.h>

#include "board/board.h"
#include "board_internal.h"
#include "kernel/kernel.h"

typedef struct {
    volatile uint32_t data;
    volatile uint32_t state;     /* bit0 TX full, bit1 RX full */
    volatile uint32_t ctrl;      /* bit0 TX en, bit1 RX en, bit3 RX irq en */
    volatile uint32_t intstatus; /* write 1 to clear */
    volatile uint32_t bauddiv;
} cmsdk_uart;

#define UART0 ((cmsdk_uart*)0x40004000u)
#define STATE_TX_FULL 1u
#define STATE_RX_FULL 2u
#define CTRL_TX_EN 1u
#define CTRL_RX_EN 2u
#define CTRL_RX_IRQ_EN 8u
#define INT_RX 2u

/* Single producer (the RX interrupt), single consumer (readers, serialised by rx_lock). */
#define RX_SIZE 256u
static char rx_buf[RX_SIZE];
static volatile uint32_t rx_head; /* written by the ISR */
static volatile uint32_t rx_tail; /* written by readers */
static k_sem rx_avail;            /* posted once per received byte */
static k_mutex rx_lock;
static void (*volatile rx_notify)(void); /* board_console_set_rx_notify */

static void uart0_rx_isr(void) {
    /* Clear the interrupt BEFORE draining: a byte that lands after the last RX_FULL check then
       raises it again. Clearing after the loop could swallow that byte's interrupt, leaving the
       holding register full and QEMU (which delivers no more until it is read) silent for good. */
    UART0->intstatus = INT_RX;
    while (UART0->state & STATE_RX_FULL) {
        char c = (char)UART0->data;
        uint32_t head = rx_head;
        if (head - rx_tail < RX_SIZE) { /* drop bytes when full rather than block an ISR */
            rx_buf[head % RX_SIZE] = c;
            rx_head = head + 1;
            k_sem_post(&rx_avail);
        }
    }
    void (*notify)(void) = rx_notify;
    if (notify) {
        notify();
    }
}

size_t board_console_rx_pending(void) {
    return rx_head - rx_tail;
}

void board_console_set_rx_notify(void (*fn)(void)) {
    rx_notify = fn;
}

void board_uart_init(void) {
    UART0->bauddiv = 16;
    UART0->ctrl = CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_IRQ_EN;
    board_irq_set_handler(BOARD_IRQ_UART0_RX, uart0_rx_isr);
    board_irq_enable(BOARD_IRQ_UART0_RX, 6);
}

static k_mutex tx_lock; /* keeps one thread's write together; not taken in handlers */

static void tx(const char* data, size_t len) {
    for (size_t i = 0; i < len; ++i) {
        while (UART0->state & STATE_TX_FULL) {
        }
        UART0->data = (uint8_t)data[i];
    }
}

void board_console_write(const char* data, size_t len) {
    uint32_t primask;
    __asm__ volatile("mrs %0, primask" : "=r"(primask));
    if (!k_started() || k_in_isr() || primask) { /* handlers, faults, early boot */
        tx(data, len);
        return;
    }
    k_mutex_lock(&tx_lock, K_FOREVER);
    tx(data, len);
    k_mutex_unlock(&tx_lock);
}

void board_console_puts(const char* s) {
    size_t n = 0;
    while (s[n])
        ++n;
    board_console_write(s, n);
}

static size_t take(char* buf, size_t len) {
    size_t n = 0;
    while (n < len && rx_tail != rx_head) {
        buf[n++] = rx_buf[rx_tail % RX_SIZE];
        rx_tail = rx_tail + 1;
    }
    return n;
}

size_t board_console_read(char* buf, size_t len) {
    if (len == 0)
        return 0;
    k_mutex_lock(&rx_lock, K_FOREVER);
    k_sem_wait(&rx_avail, K_FOREVER); /* at least one byte */
    size_t n = take(buf, 1);
    /* Take what else is already there without blocking; keep the count in step. */
    while (n < len && k_sem_trywait(&rx_avail) == 0)
        n += take(buf + n, 1);
    k_mutex_unlock(&rx_lock);
    return n;
}

size_t board_console_read_nonblock(char* buf, size_t len) {
    size_t n = 0;
    k_mutex_lock(&rx_lock, K_FOREVER);
    while (n < len && k_sem_trywait(&rx_avail) == 0)
        n += take(buf + n, 1);
    k_mutex_unlock(&rx_lock);
    return n;
}

void board_console_put_hex(uint32_t v) {
    char s[11] = "0x";
    for (int i = 0; i < 8; ++i)
        s[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xF];
    board_console_write(s, 10);
}

void board_console_put_dec(uint64_t v) {
    char s[21];
    int i = 20;
    s[i] = 0;
    do {
        s[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    board_console_puts(s + i);
}
