/* 64-bit atomics for std::atomic<int64_t> and friends. ARMv7-M has no 64-bit exclusive access
 * (no LDREXD), so GCC calls these out-of-line helpers, normally from libatomic, which the
 * toolchain does not ship. One core: masking interrupts (PRIMASK) makes each one atomic.
 * C with asm labels because the __atomic_* names are compiler built-ins in C and C++. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/kernel.h"

#define ATOMIC_FN(name) __asm__("__atomic_" name)

uint64_t mcustd_atomic_load_8(const volatile void* p, int order) ATOMIC_FN("load_8");
void mcustd_atomic_store_8(volatile void* p, uint64_t v, int order) ATOMIC_FN("store_8");
uint64_t mcustd_atomic_exchange_8(volatile void* p, uint64_t v, int order) ATOMIC_FN("exchange_8");
bool mcustd_atomic_compare_exchange_8(volatile void* p, void* expected, uint64_t desired, bool weak,
                                      int success, int failure) ATOMIC_FN("compare_exchange_8");
bool mcustd_atomic_is_lock_free(size_t size, const volatile void* p) ATOMIC_FN("is_lock_free");

uint64_t mcustd_atomic_load_8(const volatile void* p, int order) {
    (void)order;
    const uint32_t s = k_irq_save();
    const uint64_t v = *(const volatile uint64_t*)p;
    k_irq_restore(s);
    return v;
}

void mcustd_atomic_store_8(volatile void* p, uint64_t v, int order) {
    (void)order;
    const uint32_t s = k_irq_save();
    *(volatile uint64_t*)p = v;
    k_irq_restore(s);
}

uint64_t mcustd_atomic_exchange_8(volatile void* p, uint64_t v, int order) {
    (void)order;
    const uint32_t s = k_irq_save();
    const uint64_t old = *(volatile uint64_t*)p;
    *(volatile uint64_t*)p = v;
    k_irq_restore(s);
    return old;
}

bool mcustd_atomic_compare_exchange_8(volatile void* p, void* expected, uint64_t desired, bool weak,
                                      int success, int failure) {
    (void)weak;
    (void)success;
    (void)failure;
    uint64_t* exp = (uint64_t*)expected;
    const uint32_t s = k_irq_save();
    const uint64_t cur = *(volatile uint64_t*)p;
    const bool ok = cur == *exp;
    if (ok) {
        *(volatile uint64_t*)p = desired;
    } else {
        *exp = cur;
    }
    k_irq_restore(s);
    return ok;
}

/* Sizes up to a word are lock-free (LDREX/STREX); 8 bytes go through the functions above. */
bool mcustd_atomic_is_lock_free(size_t size, const volatile void* p) {
    return size <= 4 && ((uintptr_t)p & (size - 1)) == 0;
}

/* fetch_OP returns the old value, OP_fetch the new one. */
#define FETCH_OP(op, expr)                                                           \
    uint64_t mcustd_atomic_fetch_##op##_8(volatile void* p, uint64_t v, int order)   \
        ATOMIC_FN("fetch_" #op "_8");                                                \
    uint64_t mcustd_atomic_fetch_##op##_8(volatile void* p, uint64_t v, int order) { \
        (void)order;                                                                 \
        const uint32_t s = k_irq_save();                                             \
        const uint64_t old = *(volatile uint64_t*)p;                                 \
        *(volatile uint64_t*)p = (expr);                                             \
        k_irq_restore(s);                                                            \
        return old;                                                                  \
    }                                                                                \
    uint64_t mcustd_atomic_##op##_fetch_8(volatile void* p, uint64_t v, int order)   \
        ATOMIC_FN(#op "_fetch_8");                                                   \
    uint64_t mcustd_atomic_##op##_fetch_8(volatile void* p, uint64_t v, int order) { \
        (void)order;                                                                 \
        const uint32_t s = k_irq_save();                                             \
        const uint64_t old = *(volatile uint64_t*)p;                                 \
        const uint64_t now = (expr);                                                 \
        *(volatile uint64_t*)p = now;                                                \
        k_irq_restore(s);                                                            \
        return now;                                                                  \
    }

FETCH_OP(add, old + v)
FETCH_OP(sub, old - v)
FETCH_OP(and, old& v)
FETCH_OP(or, old | v)
FETCH_OP(xor, old ^ v)
FETCH_OP(nand, ~(old& v))
