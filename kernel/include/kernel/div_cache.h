/* x / d for a value that grows a little between calls (a clock), without a 64-bit division:
 * on the Cortex-M4 that is a libgcc call of ~130 instructions, and the clocks are read several
 * times per web request. The last quotient is kept as an exact point (at_x == at_q * d); the
 * distance from it, while under 2^32, takes one 32-bit UDIV. A value below the point (a clock set
 * back) or far beyond it divides in 64 bits once. The answer is always floor(x / d), so the cache
 * has nothing to reset; zero-initialised it is valid. Callers serialise calls on one cache (a
 * critical section). */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct k_div_cache {
    uint64_t at_x;
    uint64_t at_q;
} k_div_cache;

static inline uint64_t k_div_cached(k_div_cache* c, uint64_t x, uint32_t d) {
    if (x < c->at_x || x - c->at_x > UINT32_MAX) {
        c->at_q = x / d;
        c->at_x = c->at_q * d;
    } else {
        const uint32_t q = (uint32_t)(x - c->at_x) / d;
        c->at_q += q;
        c->at_x += (uint64_t)q * d;
    }
    return c->at_q;
}

#ifdef __cplusplus
}
#endif
