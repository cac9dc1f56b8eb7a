// A process-wide pthread mutex + condition variable pair for the port's own one-time-init
// machinery (call_once, function-local statics). pthread objects rather than std::mutex because
// they back the std types themselves.
#pragma once

#include <pthread.h>

namespace mcustd::port {

struct WaitLock {
    pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
};

class WaitLockGuard {
  public:
    explicit WaitLockGuard(WaitLock& l) noexcept : l_(l) { (void)pthread_mutex_lock(&l_.mutex); }
    ~WaitLockGuard() { (void)pthread_mutex_unlock(&l_.mutex); }
    WaitLockGuard(const WaitLockGuard&) = delete;
    WaitLockGuard& operator=(const WaitLockGuard&) = delete;
    void wait() noexcept { (void)pthread_cond_wait(&l_.cond, &l_.mutex); }
    void wake_all() noexcept { (void)pthread_cond_broadcast(&l_.cond); }

  private:
    WaitLock& l_;
};

}  // namespace mcustd::port
