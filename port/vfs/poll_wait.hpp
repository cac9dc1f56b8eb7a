// The wait primitive under vfs::poll(): each poll() call owns one PollSignal (a semaphore) and
// hooks it, through one PollHook per polled descriptor, on the objects it polls. An object whose
// readiness changes posts the signals on its own hook list, so only the pollers concerned wake.
//
// On the MCU the signal is a kernel k_sem and the hook lists are guarded by masking interrupts
// for a few pointer updates: notify_readiness() never waits for a thread, so lwIP's tcpip thread
// and interrupt handlers may call it. On the host (unit tests) the same logic runs on std::mutex
// and std::condition_variable.
#pragma once

#include "mcustd/vfs.hpp"

#ifdef MCUSTD_VFS_KERNEL
#include <cerrno>
#include <cstdint>

#include "kernel/kernel.h"
#else
#include <chrono>
#include <condition_variable>
#include <mutex>
#endif

namespace mcustd::vfs {

#ifdef MCUSTD_VFS_KERNEL

using PollDeadline = std::uint64_t;  // absolute, on k_now_us()

class HookLock {
  public:
    [[gnu::always_inline]] HookLock() noexcept : saved_(k_irq_save()) {}
    [[gnu::always_inline]] ~HookLock() { k_irq_restore(saved_); }
    HookLock(const HookLock&) = delete;
    HookLock& operator=(const HookLock&) = delete;

  private:
    std::uint32_t saved_;
};

class PollSignal {
  public:
    PollSignal() noexcept { k_sem_init(&sem_, 0); }
    static PollDeadline deadline_after(int ms) noexcept {
        return ms < 0 ? K_FOREVER : k_now_us() + static_cast<std::uint64_t>(ms) * 1000u;
    }
    void post() noexcept { k_sem_post(&sem_); }  // ISR-safe
    // false once the deadline has passed without a post.
    bool wait(PollDeadline deadline) noexcept { return k_sem_wait(&sem_, deadline) != ETIMEDOUT; }
    // Forgets posts already consumed by a re-scan (they would only cause an empty pass).
    void clear() noexcept {
        while (k_sem_trywait(&sem_) == 0) {
        }
    }

  private:
    k_sem sem_{};
};

#else

using PollDeadline = std::chrono::steady_clock::time_point;

inline std::mutex& hook_mutex() {
    static std::mutex m;
    return m;
}

class HookLock {
  public:
    HookLock() = default;
    HookLock(const HookLock&) = delete;
    HookLock& operator=(const HookLock&) = delete;

  private:
    std::lock_guard<std::mutex> guard_{hook_mutex()};
};

class PollSignal {
  public:
    static PollDeadline deadline_after(int ms) {
        return ms < 0 ? PollDeadline::max()
                      : std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    }
    void post() noexcept {
        {
            std::lock_guard guard(lock_);
            posted_ = true;
        }
        cv_.notify_one();
    }
    bool wait(PollDeadline deadline) {
        std::unique_lock guard(lock_);
        const auto posted = [this] { return posted_; };
        if (deadline == PollDeadline::max()) {
            cv_.wait(guard, posted);
        } else if (!cv_.wait_until(guard, deadline, posted)) {
            return false;
        }
        posted_ = false;
        return true;
    }
    void clear() noexcept {
        std::lock_guard guard(lock_);
        posted_ = false;
    }

  private:
    std::mutex lock_;
    std::condition_variable cv_;
    bool posted_ = false;
};

#endif

// One poll() call's link on one object's hook list (doubly linked: O(1) removal).
struct PollHook {
    PollHook* next = nullptr;
    PollHook* prev = nullptr;
    PollSignal* signal = nullptr;  // null while not attached

    void attach(OpenFile& file, PollSignal& s) noexcept {
        const HookLock lock;
        signal = &s;
        prev = nullptr;
        next = file.hooks_;
        if (next != nullptr) {
            next->prev = this;
        }
        file.hooks_ = this;
    }
    void detach(OpenFile& file) noexcept {
        const HookLock lock;
        if (signal == nullptr) {
            return;
        }
        if (prev != nullptr) {
            prev->next = next;
        } else {
            file.hooks_ = next;
        }
        if (next != nullptr) {
            next->prev = prev;
        }
        signal = nullptr;
    }
    static void notify(OpenFile& file) noexcept {
        const HookLock lock;
        for (PollHook* h = file.hooks_; h != nullptr; h = h->next) {
            h->signal->post();
        }
    }
};

}  // namespace mcustd::vfs
