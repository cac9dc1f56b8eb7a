/* lwIP's OS types for the mcustd kernel (kernel/include/kernel/kernel.h).
 *
 * Semaphores and mutexes are embedded kernel objects (no allocation per netconn); a mailbox is
 * one allocation holding its ring. sys_arch_protect is the kernel's critical section (it masks
 * the kernel-aware interrupts), so lwIP's pools are safe to use from the LAN9118 interrupt
 * handler as well as from threads. */
#ifndef MCUSTD_ARCH_SYS_ARCH_H
#define MCUSTD_ARCH_SYS_ARCH_H

#include <stdint.h>

#include "kernel/kernel.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t sys_prot_t; /* k_irq_save()'s key */

typedef struct sys_sem {
    k_sem sem;
    uint8_t valid;
} sys_sem_t;

typedef struct sys_mutex {
    k_mutex mutex;
    uint8_t valid;
} sys_mutex_t;

struct sys_mbox_ring;
typedef struct sys_mbox_ring* sys_mbox_t;

typedef k_thread* sys_thread_t;

#define sys_sem_valid(s) ((s)->valid != 0)
#define sys_sem_set_invalid(s) ((s)->valid = 0)
#define sys_mutex_valid(m) ((m)->valid != 0)
#define sys_mutex_set_invalid(m) ((m)->valid = 0)
#define sys_mbox_valid(mb) (*(mb) != NULL)
#define sys_mbox_set_invalid(mb) (*(mb) = NULL)

#define SYS_MBOX_NULL NULL
#define SYS_SEM_NULL NULL

#ifdef __cplusplus
}
#endif

#endif /* MCUSTD_ARCH_SYS_ARCH_H */
