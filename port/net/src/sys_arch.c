/* lwIP's OS abstraction (sys_arch) over the mcustd kernel. C because lwIP calls it by these names.
 *
 * Time: lwIP counts milliseconds; the kernel's deadlines are absolute microseconds. A timeout of
 * 0 means "forever" to lwIP. Waits return the milliseconds waited or SYS_ARCH_TIMEOUT. */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/div_cache.h"
#include "lwip/err.h"
#include "lwip/opt.h"
#include "lwip/stats.h"
#include "lwip/sys.h"

/* ---- critical sections: the kernel's (kernel.h), nestable ----
 * They mask only the interrupts that may call the kernel (BASEPRI), which include the LAN9118's:
 * lwIP's pools stay consistent between threads and that handler, while zero-latency interrupts
 * (which must not touch lwIP either) keep their latency. */
sys_prot_t sys_arch_protect(void) {
    return k_irq_save();
}

void sys_arch_unprotect(sys_prot_t pval) {
    k_irq_restore(pval);
}

void sys_init(void) {}

/* lwIP reads the time several times per segment: k_now_us() / 1000 without a 64-bit division
 * (kernel/div_cache.h). */
u32_t sys_now(void) {
    static k_div_cache ms;
    uint32_t key = k_irq_save();
    u32_t result = (u32_t)k_div_cached(&ms, k_now_us(), 1000u);
    k_irq_restore(key);
    return result;
}

static uint64_t deadline_after_ms(u32_t timeout_ms) {
    return timeout_ms == 0 ? K_FOREVER : k_now_us() + (uint64_t)timeout_ms * 1000u;
}

/* 32-bit: a wait past 71 minutes reports that much (lwIP only compares it with its timeout). */
static u32_t ms_since(uint64_t start_us) {
    const uint64_t us = k_now_us() - start_us;
    return (u32_t)(us > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)us) / 1000u;
}

/* ---- semaphores ---- */
err_t sys_sem_new(sys_sem_t* sem, u8_t count) {
    k_sem_init(&sem->sem, count);
    sem->valid = 1;
    SYS_STATS_INC_USED(sem);
    return ERR_OK;
}

void sys_sem_free(sys_sem_t* sem) {
    sem->valid = 0;
    SYS_STATS_DEC(sem.used);
}

void sys_sem_signal(sys_sem_t* sem) {
    k_sem_post(&sem->sem);
}

u32_t sys_arch_sem_wait(sys_sem_t* sem, u32_t timeout_ms) {
    const uint64_t start = k_now_us();
    if (k_sem_wait(&sem->sem, deadline_after_ms(timeout_ms)) != 0) {
        return SYS_ARCH_TIMEOUT;
    }
    return ms_since(start);
}

/* ---- mutexes (the core lock: priority inheritance matters here) ---- */
err_t sys_mutex_new(sys_mutex_t* mutex) {
    k_mutex_init(&mutex->mutex, K_MUTEX_NORMAL);
    mutex->valid = 1;
    SYS_STATS_INC_USED(mutex);
    return ERR_OK;
}

void sys_mutex_free(sys_mutex_t* mutex) {
    mutex->valid = 0;
    SYS_STATS_DEC(mutex.used);
}

void sys_mutex_lock(sys_mutex_t* mutex) {
    (void)k_mutex_lock(&mutex->mutex, K_FOREVER);
}

void sys_mutex_unlock(sys_mutex_t* mutex) {
    (void)k_mutex_unlock(&mutex->mutex);
}

/* ---- mailboxes: a ring of pointers under sys_arch_protect, a semaphore counting messages.
 * Posting never blocks inside the critical section, so the ISR variant is the plain try. A
 * thread posting to a full box waits on `space`, which fetchers signal while posters wait. */
struct sys_mbox_ring {
    k_sem items;
    k_sem space;
    u16_t size;
    u16_t head;
    u16_t count;
    u16_t post_waiters;
    void* slots[];
};

err_t sys_mbox_new(sys_mbox_t* mbox, int size) {
    if (size <= 0) {
        size = 8;
    }
    struct sys_mbox_ring* m = malloc(sizeof *m + (size_t)size * sizeof(void*));
    if (m == NULL) {
        SYS_STATS_INC(mbox.err);
        return ERR_MEM;
    }
    memset(m, 0, sizeof *m);
    k_sem_init(&m->items, 0);
    k_sem_init(&m->space, 0);
    m->size = (u16_t)size;
    *mbox = m;
    SYS_STATS_INC_USED(mbox);
    return ERR_OK;
}

void sys_mbox_free(sys_mbox_t* mbox) {
    free(*mbox);
    *mbox = NULL;
    SYS_STATS_DEC(mbox.used);
}

static int ring_put(struct sys_mbox_ring* m, void* msg) {
    const sys_prot_t prot = sys_arch_protect();
    const int ok = m->count < m->size;
    if (ok) {
        m->slots[(m->head + m->count) % m->size] = msg;
        ++m->count;
    }
    sys_arch_unprotect(prot);
    if (ok) {
        k_sem_post(&m->items);
    }
    return ok;
}

void sys_mbox_post(sys_mbox_t* mbox, void* msg) {
    struct sys_mbox_ring* m = *mbox;
    while (!ring_put(m, msg)) {
        sys_prot_t prot = sys_arch_protect();
        const int full = m->count == m->size;
        if (full) {
            ++m->post_waiters;
        }
        sys_arch_unprotect(prot);
        if (full) {
            (void)k_sem_wait(&m->space, K_FOREVER);
            prot = sys_arch_protect();
            --m->post_waiters;
            sys_arch_unprotect(prot);
        }
    }
}

err_t sys_mbox_trypost(sys_mbox_t* mbox, void* msg) {
    if (!ring_put(*mbox, msg)) {
        SYS_STATS_INC(mbox.err);
        return ERR_MEM;
    }
    return ERR_OK;
}

/* k_sem_post is interrupt-safe and ring_put only masks interrupts: same code as a thread. */
err_t sys_mbox_trypost_fromisr(sys_mbox_t* mbox, void* msg) {
    return sys_mbox_trypost(mbox, msg);
}

static void ring_take(struct sys_mbox_ring* m, void** msg) {
    const sys_prot_t prot = sys_arch_protect();
    void* value = m->slots[m->head];
    m->head = (u16_t)((m->head + 1u) % m->size);
    --m->count;
    const int wake = m->post_waiters != 0;
    sys_arch_unprotect(prot);
    if (msg != NULL) {
        *msg = value;
    }
    if (wake) {
        k_sem_post(&m->space);
    }
}

u32_t sys_arch_mbox_fetch(sys_mbox_t* mbox, void** msg, u32_t timeout_ms) {
    const uint64_t start = k_now_us();
    if (k_sem_wait(&(*mbox)->items, deadline_after_ms(timeout_ms)) != 0) {
        return SYS_ARCH_TIMEOUT;
    }
    ring_take(*mbox, msg);
    return ms_since(start);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t* mbox, void** msg) {
    if (k_sem_trywait(&(*mbox)->items) != 0) {
        return SYS_MBOX_EMPTY;
    }
    ring_take(*mbox, msg);
    return 0;
}

/* ---- threads: lwIP creates only the tcpip thread, once, so its TCB and stack come from the heap
 * and are never freed. Priorities are the kernel's (1..31, higher first). */
struct thread_start {
    lwip_thread_fn fn;
    void* arg;
};

/* The kernel's entry returns void*, lwIP's returns void. */
static void* thread_trampoline(void* p) {
    const struct thread_start start = *(struct thread_start*)p;
    free(p);
    start.fn(start.arg);
    return NULL;
}

sys_thread_t sys_thread_new(const char* name, lwip_thread_fn thread, void* arg, int stacksize,
                            int prio) {
    size_t stack_size = stacksize > 0 ? (size_t)stacksize : (size_t)DEFAULT_THREAD_STACKSIZE;
    stack_size = (stack_size + 7u) & ~(size_t)7u;
    k_thread* t = calloc(1, sizeof *t);
    void* stack = memalign(8, stack_size);
    struct thread_start* start = malloc(sizeof *start);
    LWIP_ASSERT("sys_thread_new: out of memory", t != NULL && stack != NULL && start != NULL);
    if (prio < K_PRIO_MIN || prio > K_PRIO_MAX) {
        prio = K_PRIO_DEFAULT;
    }
    start->fn = thread;
    start->arg = arg;
    const int rc = k_thread_create(t, name, prio, stack, stack_size, thread_trampoline, start);
    LWIP_ASSERT("sys_thread_new: k_thread_create failed", rc == 0);
    (void)rc;
    return t;
}
