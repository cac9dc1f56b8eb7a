/* The console over the board's UART: writes serialised per thread, an interrupt-fed receive
 * ring, and number formatting for reports. The UART itself is the board's (board_uart_tx,
 * board_console_rx_byte from its RX interrupt). */
#include <stdint.h>

#include "board/board.h"
#include "board_internal.h"
#include "kernel/kernel.h"

/* Single producer (the RX interrupt), single consumer (readers, serialised by rx_lock). */
#define RX_SIZE 256u
static char rx_buf[RX_SIZE];
static volatile uint32_t rx_head; /* written by the ISR */
static volatile uint32_t rx_tail; /* written by readers */
static k_sem rx_avail;            /* posted once per received byte */
static k_mutex rx_lock;

static void (*volatile rx_notify)(void); /* board_console_set_rx_notify */

void board_console_rx_byte(char c) {
    uint32_t head = rx_head;
    if (head - rx_tail < RX_SIZE) { /* drop bytes when full rather than block an ISR */
        rx_buf[head % RX_SIZE] = c;
        rx_head = head + 1;
        k_sem_post(&rx_avail);
    }
    void (*notify)(void) = rx_notify;
    if (notify) {
        notify(); /* the VFS wakes the console's pollers: ISR-safe, never blocks */
    }
}

void board_console_set_rx_notify(void (*fn)(void)) {
    rx_notify = fn;
}

static k_mutex tx_lock; /* keeps one thread's write together; not taken in handlers */

void board_console_write(const char* data, size_t len) {
    /* Handlers, faults, early boot and kernel critical sections cannot take the mutex. */
    if (!k_started() || k_in_isr() || k_irq_locked()) {
        board_uart_tx(data, len);
        return;
    }
    k_mutex_lock(&tx_lock, K_FOREVER);
    board_uart_tx(data, len);
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

size_t board_console_rx_pending(void) {
    return (size_t)(rx_head - rx_tail);
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
