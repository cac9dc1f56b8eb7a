/* mcustd POSIX port: unnamed counting semaphores; sem_post is safe from interrupt handlers. */
#ifndef _MCUSTD_SEMAPHORE_H
#define _MCUSTD_SEMAPHORE_H

#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    unsigned int __count;
    void* __waiters;
} sem_t; /* layout of the kernel's k_sem; all-zero is a semaphore with value 0 */

#define SEM_VALUE_MAX 0x7FFFFFFF

int sem_init(sem_t* sem, int pshared, unsigned int value);
int sem_destroy(sem_t* sem);
int sem_wait(sem_t* sem);
int sem_trywait(sem_t* sem);
int sem_timedwait(sem_t* sem, const struct timespec* abstime); /* CLOCK_REALTIME */
int sem_clockwait(sem_t* sem, clockid_t clock, const struct timespec* abstime);
int sem_post(sem_t* sem);
int sem_getvalue(sem_t* sem, int* value);

#ifdef __cplusplus
}
#endif

#endif /* _MCUSTD_SEMAPHORE_H */
