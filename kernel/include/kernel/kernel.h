/* mcustd kernel: preemptive priority scheduler for Cortex-M4F.
 *
 * No heap inside: callers own every object (thread control blocks, stacks, mutexes). An
 * all-zero k_mutex / k_cond / k_sem is a valid, unlocked / empty object, so they can be
 * statically initialised. Functions return 0 or a positive errno value (EBUSY, ETIMEDOUT, ...).
 * Deadlines are absolute times on the monotonic microsecond clock k_now_us(); K_FOREVER waits
 * without limit. Priorities: K_PRIO_MIN (1) .. K_PRIO_MAX (31), higher runs first; 0 is idle. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel/arch.h"

#ifdef __cplusplus
extern "C" {
#endif

#define K_FOREVER UINT64_MAX
#define K_PRIO_IDLE 0
#define K_PRIO_MIN 1
#define K_PRIO_MAX 31
#define K_PRIO_DEFAULT 16
#define K_DEFAULT_STACK_SIZE 4096u
#define K_MIN_STACK_SIZE 256u
#define K_TICK_HZ 1000u
/* Round-robin slice among threads of equal priority, in ticks. */
#define K_TIME_SLICE_TICKS 10u

struct k_thread;
struct k_mutex;

/* Priority-ordered wait queue (FIFO among equal priorities). Zero = empty. */
typedef struct k_waitq {
    struct k_thread* head;
} k_waitq;

enum k_thread_state { K_STATE_UNUSED = 0, K_STATE_READY, K_STATE_BLOCKED, K_STATE_EXITED };
/* "ready", "blocked", "exited" (or "?"): the one spelling the shell's ps and sysinfo print. */
const char* k_thread_state_name(int state);

enum k_mutex_type { K_MUTEX_NORMAL = 0, K_MUTEX_RECURSIVE = 1, K_MUTEX_ERRORCHECK = 2 };

/* A mutex with priority inheritance. Zero = unlocked K_MUTEX_NORMAL. */
typedef struct k_mutex {
    struct k_thread* owner;
    k_waitq waiters;
    struct k_mutex* next_held; /* in owner's held list, only while it has waiters */
    uint16_t count;            /* recursion depth */
    uint8_t type;              /* enum k_mutex_type */
} k_mutex;

typedef struct k_cond {
    k_waitq waiters;
} k_cond;

typedef struct k_sem {
    uint32_t count;
    k_waitq waiters;
} k_sem;

/* Thread control block. The first two fields are read by assembly (offsets fixed). */
typedef struct k_thread {
    void* sp; /* 0: saved process stack pointer */
    void* tp; /* 4: TLS block (ARM variant 1), returned by __aeabi_read_tp; the C library's
                 per-thread state (errno, ...) is thread_local, in it */
    /* ready list or wait queue membership */
    struct k_thread* next;
    struct k_thread* prev;
    k_waitq* queue;
    /* timeout list */
    struct k_thread* tnext;
    struct k_thread* tprev;
    uint64_t deadline;
    /* all threads (for listing) */
    struct k_thread* all_next;
    const char* name;
    uint32_t* stack_base;
    size_t stack_size;
    void* (*entry)(void*);
    void* arg;
    void* retval;
    struct k_mutex* held;          /* owned mutexes that have waiters (inheritance) */
    struct k_mutex* waiting_mutex; /* mutex this thread is blocked on */
    k_waitq joiners;
    void* port; /* the port's per-thread record (e.g. the pthread) */
    int wake_result;
    uint16_t slice;
    uint8_t base_prio;
    uint8_t prio; /* effective (inherited) priority */
    uint8_t state;
    uint8_t detached;
    uint8_t in_timeouts;
} k_thread;

/* ---- threads ---- */
/* Creates a ready thread running entry(arg) on the caller-provided stack (8-byte aligned,
 * >= K_MIN_STACK_SIZE). The stack is filled with a pattern (high-water mark) and guarded by a
 * canary at its lowest word, checked at every context switch. */
int k_thread_create(k_thread* t, const char* name, int prio, void* stack, size_t stack_size,
                    void* (*entry)(void*), void* arg);
/* Waits for t to exit; *retval receives its result. t and its stack may then be reused. */
int k_thread_join(k_thread* t, void** retval);
/* A detached thread is handed to k_zombie_take() after it exits (to free its stack). */
int k_thread_detach(k_thread* t);
__attribute__((noreturn)) void k_thread_exit(void* retval);
k_thread* k_self(void);
void k_yield(void);
void k_thread_set_priority(k_thread* t, int prio);
/* Blocks until a detached thread has exited and returns it (unlinked: the caller may free it). */
k_thread* k_zombie_take(void);

/* ---- time ---- */
uint64_t k_now_us(void);
/* Sleeps until the deadline. While other threads run, the wake-up comes with the first
 * tick at or after it; while the system is idle, the timer is set for the deadline itself. */
void k_sleep_until(uint64_t deadline_us);
void k_sleep_us(uint64_t us);
/* Timer interrupts since boot, and those of them that came while idle and woke nobody (the
 * timer's reach ran out before the nearest deadline): tickless idle keeps the second at 0
 * when the deadline is within reach. */
typedef struct k_timer_stats_t {
    uint32_t interrupts;
    uint32_t idle_interrupts;
} k_timer_stats_t;
void k_timer_stats(k_timer_stats_t* s);

/* ---- mutex ---- */
void k_mutex_init(k_mutex* m, enum k_mutex_type type);
int k_mutex_lock(k_mutex* m, uint64_t deadline_us); /* EDEADLK, ETIMEDOUT; EPERM in an ISR */
int k_mutex_trylock(k_mutex* m);                    /* EBUSY */
int k_mutex_unlock(k_mutex* m);                     /* EPERM if not the owner */

/* ---- condition variable ---- */
int k_cond_wait(k_cond* c, k_mutex* m, uint64_t deadline_us); /* ETIMEDOUT */
void k_cond_signal(k_cond* c);
void k_cond_broadcast(k_cond* c);

/* ---- counting semaphore; k_sem_post is safe from interrupt handlers ---- */
void k_sem_init(k_sem* s, uint32_t count);
int k_sem_wait(k_sem* s, uint64_t deadline_us); /* ETIMEDOUT */
int k_sem_trywait(k_sem* s);                    /* EAGAIN */
void k_sem_post(k_sem* s);

/* ---- introspection ---- */
typedef struct k_thread_info {
    const char* name;
    int prio;
    int base_prio;
    int state;
    size_t stack_size;
    size_t stack_used; /* high-water mark from the fill pattern */
} k_thread_info;
/* Calls fn for every thread (including idle) with a snapshot of it; fn runs without kernel
 * locks held (it may print). info->name is valid only during the call. Returns the count. */
size_t k_thread_foreach(void (*fn)(const k_thread_info* info, void* ctx), void* ctx);
size_t k_stack_used(const k_thread* t);
/* Stack overflow detection: a canary word at the stack's base (checked at every switch and
 * tick) and an MPU no-access guard region just above it for the running thread. */
int k_stack_guard_hit(const k_thread* t, uintptr_t fault_address);
/* Reports "stack overflow in thread '<name>'" and exits with BOARD_EXIT_STACK_OVERFLOW. */
__attribute__((noreturn)) void k_stack_overflow(const k_thread* t);
/* Writes one line per thread to the console ("name prio state used/size"). */
void k_print_threads(void);

/* ---- TLS (ARM EABI variant 1: tp -> 8-byte TCB, then .tdata, then .tbss) ---- */
size_t k_tls_block_size(void);
/* Initialises a k_tls_block_size() block (8-byte aligned) and returns the thread pointer. */
void* k_tls_init(void* block);

/* ---- startup: called once by the board; runs entry(arg) as thread "main" ---- */
__attribute__((noreturn)) void k_start(k_thread* main_thread, void* stack, size_t stack_size,
                                       void* (*entry)(void*), void* arg);
int k_started(void);

/* ---- critical sections ----
 * They mask only the interrupts that may call the kernel (BASEPRI on ARMv7-M: priorities
 * K_IRQ_PRIO_KERNEL and less urgent, see kernel/arch.h); more urgent ones stay live. Nestable:
 * k_irq_restore gives back what k_irq_save found. Entered from a too-urgent interrupt, which
 * the mask cannot keep out, it reports the caller and stops (exit code BOARD_EXIT_PANIC)
 * rather than let that handler corrupt the kernel's lists. */
__attribute__((noreturn)) void k_irq_too_urgent(void);
/* The check above, out of line: only interrupt handlers pay for it. */
void k_irq_check_isr(void);
/* Inlined everywhere (a few instructions): a web request enters some 60 critical sections, and
 * a call and return each would cost as much again as the masking itself. */
static inline __attribute__((always_inline)) uint32_t k_irq_save(void) {
    if (k_arch_in_isr())
        k_irq_check_isr();
    return k_arch_irq_lock();
}
static inline __attribute__((always_inline)) void k_irq_restore(uint32_t key) {
    k_arch_irq_unlock(key);
}
static inline int k_in_isr(void) {
    return k_arch_in_isr();
}
/* Non-zero inside a critical section (or with all interrupts masked). */
static inline int k_irq_locked(void) {
    return k_arch_irq_locked();
}

#ifdef __cplusplus
}
#endif
