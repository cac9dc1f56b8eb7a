// picolibc's lock type (<sys/lock.h> leaves struct __lock to the port): a kernel mutex, always
// recursive, because a stdio call holds its stream's lock around picolibc's own per-character
// locking of the same stream (stdio_locks.cpp).
#pragma once

#include <sys/lock.h>

#include "kernel/kernel.h"

struct __lock {
    k_mutex m;
    bool heap;  // made by __retarget_lock_init (fopen's streams): freed by __retarget_lock_close
};

// A static, recursive one (the standard streams' and the libc-wide lock).
#define MCUSTD_STATIC_LOCK \
    { {nullptr, {nullptr}, nullptr, 0, K_MUTEX_RECURSIVE}, false }
