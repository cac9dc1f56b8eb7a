/* lwIP's Internet checksum on this port is port/net/src/chksum_armv7m.S: checked against a
 * byte-at-a-time reference of lwIP's definition (the non-inverted ones'-complement sum of
 * little-endian halfwords, byte-swapped for an odd start) over every start alignment, lengths
 * 0..300 and a few frame sizes, random bytes and all-0xff bytes (every add carries); then
 * through lwIP's own inet_chksum(), and the generic C version must not be in the image (the
 * claim that the fast path is the one lwIP runs). */
#include <stdint.h>
#include <stdio.h>

#include "lwip/inet_chksum.h"

uint16_t mcustd_lwip_chksum(const void* data, int len);
/* lwIP's generic checksum: absent when lwipopts.h names ours (weak: NULL if not linked). */
extern uint16_t lwip_standard_chksum(const void* data, int len) __attribute__((weak));

static uint16_t reference(const uint8_t* p, int len) {
    uint32_t sum = 0;
    int odd = (uintptr_t)p & 1;
    int i = 0;
    if (odd && len > 0) {
        sum += (uint32_t)p[0] << 8; /* as lwIP: the lone first byte is a halfword's high half */
        i = 1;
    }
    for (; i + 1 < len; i += 2)
        sum += (uint32_t)p[i] | ((uint32_t)p[i + 1] << 8);
    if (i < len)
        sum += p[i];
    while (sum >> 16)
        sum = (sum & 0xffffu) + (sum >> 16);
    if (odd)
        sum = ((sum & 0xffu) << 8) | (sum >> 8);
    return (uint16_t)sum;
}

static uint8_t buf[4096 + 8];
static unsigned failures;

static void check(const uint8_t* p, int len) {
    uint16_t want = reference(p, len), got = mcustd_lwip_chksum(p, len);
    if (got != want && failures++ < 10)
        printf("FAIL offset %u len %d: got 0x%04x want 0x%04x\n", (unsigned)((uintptr_t)p & 3), len,
               got, want);
}

static void sweep(void) {
    static const int frames[] = {1460, 1500, 2048, 4095, 4096};
    for (int off = 0; off < 4; ++off) {
        for (int len = 0; len <= 300; ++len)
            check(buf + off, len);
        for (unsigned i = 0; i < sizeof frames / sizeof frames[0]; ++i)
            check(buf + off, frames[i]);
    }
}

int main(void) {
    uint32_t x = 2463534242u; /* xorshift32 */
    for (unsigned i = 0; i < sizeof buf; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
    sweep();
    for (unsigned i = 0; i < sizeof buf; ++i)
        buf[i] = 0xff;
    sweep();
    /* through lwIP: inet_chksum() is the inverted LWIP_CHKSUM */
    for (unsigned i = 0; i < sizeof buf; ++i)
        buf[i] = (uint8_t)(i * 7u + 3u);
    const uint16_t inverted = (uint16_t)~reference(buf + 1, 1500);
    if (inet_chksum(buf + 1, 1500) != inverted && failures++ < 10)
        printf("FAIL inet_chksum disagrees with the reference\n");
    if (lwip_standard_chksum != NULL && failures++ < 10)
        printf("FAIL lwIP's generic checksum is linked: LWIP_CHKSUM is not ours\n");
    printf(failures ? "FAIL net_chksum: %u mismatches\n" : "PASS net_chksum (%u mismatches)\n",
           failures);
    return failures ? 1 : 0;
}
