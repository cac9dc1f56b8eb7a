/* eventfd(2) for the MCU: a descriptor holding a 64-bit counter (port/vfs/eventfd.cpp). write()
 * adds an 8-byte value, read() returns it and resets it to 0 (or, with EFD_SEMAPHORE, returns 1
 * and decrements), poll() reports POLLIN while it is non-zero: the same contract as Linux. */
#pragma once

#include <fcntl.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t eventfd_t;

#define EFD_SEMAPHORE 1
#define EFD_CLOEXEC O_CLOEXEC
#define EFD_NONBLOCK O_NONBLOCK

/* A new descriptor, or -1 with errno (EINVAL: unknown flags; EMFILE; ENOMEM). */
int eventfd(unsigned int initval, int flags);
/* glibc's helpers: one read/write of the 8-byte counter; 0 or -1 with errno. */
int eventfd_read(int fd, eventfd_t* value);
int eventfd_write(int fd, eventfd_t value);

#ifdef __cplusplus
}
#endif
