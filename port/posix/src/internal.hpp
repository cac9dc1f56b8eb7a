// Port-private: the pthread record and time conversions shared by the POSIX sources.
#pragma once

#include <pthread.h>
#include <time.h>

#include "kernel/kernel.h"

// What a pthread_t points to. Threads made by pthread_create live in one heap block:
// [stack][this record][TLS block] (errno is thread_local, in the TLS block); the main thread's
// record is static.
struct __mcustd_pthread {
    k_thread* kt = nullptr;
    k_thread storage{};  // the kernel thread, unless the record wraps a foreign one
    void* (*start)(void*) = nullptr;
    void* arg = nullptr;
    void* memory = nullptr;  // the heap block to free, or nullptr
    void* specific[PTHREAD_KEYS_MAX] = {};
    char name[16] = {};
};

namespace posix {

__mcustd_pthread* self_record();
void run_key_destructors(__mcustd_pthread* t);

// Absolute time on `clock` -> kernel deadline (monotonic microseconds, rounded up).
// Returns EINVAL for a bad timespec or clock.
int deadline_from(clockid_t clock, const struct timespec* abstime, uint64_t* deadline);
int64_t realtime_offset_us();

}  // namespace posix
