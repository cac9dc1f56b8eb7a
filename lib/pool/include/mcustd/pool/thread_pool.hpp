// ThreadPool: a fixed set of worker threads fed by a BOUNDED job queue.
//
//     mcustd::pool::ThreadPool pool({.workers = 4, .queue_capacity = 16, .stack_size = 4096});
//     pool.submit([] { handle(); });        // blocks while the queue is full
//     if (!pool.try_submit(job)) { ... }    // fails at once when full (job left untouched)
//
// Shutdown rule (shutdown() or the destructor): intake stops at once (submit/try_submit return
// false from then on, and a submit blocked on a full queue wakes and returns false), every job
// ALREADY QUEUED still runs to completion, then every worker is joined. Nothing is dropped.
//
// Workers are created under mcustd::StackSizeScope(stack_size): on the MCU that is the real
// stack of each worker (e.g. 4 KiB); the Linux host ignores it. 0 means the platform default.
//
// Jobs should not throw. If one does, the worker catches it, counts it (failed_jobs()) and
// carries on, so one bad job cannot take a worker (and the process, via std::terminate) down.
//
// Do not call submit() from inside a job while the queue may be full: the worker would wait on
// itself. try_submit() is safe there.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace mcustd::pool {

// A move-only type-erased `void()` callable (std::function needs copyable targets;
// std::move_only_function is C++23).
class Job {
  public:
    Job() noexcept = default;
    template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Job>>>
    Job(F&& f)  // NOLINT: implicit, so lambdas pass straight to submit()
        : impl_(std::make_unique<Model<std::decay_t<F>>>(std::forward<F>(f))) {}

    explicit operator bool() const noexcept { return impl_ != nullptr; }
    void operator()() { impl_->call(); }

  private:
    struct Concept {
        virtual ~Concept() = default;
        virtual void call() = 0;
    };
    template <typename F>
    struct Model final : Concept {
        explicit Model(F&& f) : fn(std::move(f)) {}
        explicit Model(const F& f) : fn(f) {}
        void call() override { fn(); }
        F fn;
    };
    std::unique_ptr<Concept> impl_;
};

class ThreadPool {
  public:
    struct Options {
        std::size_t workers = 4;
        std::size_t queue_capacity = 16;
        std::size_t stack_size = 0;  // bytes per worker; 0 = platform default
    };

    // Throws std::invalid_argument if workers or queue_capacity is 0, std::system_error if a
    // thread cannot be created (the workers already started are joined first).
    explicit ThreadPool(Options options);
    ThreadPool(std::size_t workers, std::size_t queue_capacity, std::size_t stack_size)
        : ThreadPool(Options{workers, queue_capacity, stack_size}) {}
    ~ThreadPool() { shutdown(); }

    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    // Queues `f`, waiting while the queue is full. False (f not run) once shutdown has begun.
    template <typename F>
    bool submit(F&& f) {
        std::unique_lock lock(mutex_);
        not_full_.wait(lock, [&] { return stopping_ || queue_.size() < capacity_; });
        if (stopping_) {
            return false;
        }
        queue_.emplace_back(std::forward<F>(f));
        lock.unlock();
        not_empty_.notify_one();
        return true;
    }

    // Queues `f` only if there is room now. On false, `f` has not been moved from.
    template <typename F>
    bool try_submit(F&& f) {
        std::unique_lock lock(mutex_);
        if (stopping_ || queue_.size() >= capacity_) {
            return false;
        }
        queue_.emplace_back(std::forward<F>(f));
        lock.unlock();
        not_empty_.notify_one();
        return true;
    }

    // Stops intake, runs what is queued, joins every worker. Idempotent. Must not be called
    // from one of this pool's own jobs (a worker cannot join itself).
    void shutdown();

    [[nodiscard]] std::size_t workers() const noexcept { return worker_count_; }
    [[nodiscard]] std::size_t queue_capacity() const noexcept { return capacity_; }
    [[nodiscard]] std::size_t queued() const;
    [[nodiscard]] std::size_t failed_jobs() const;

  private:
    void run_worker();

    const std::size_t capacity_;
    std::size_t worker_count_ = 0;
    mutable std::mutex mutex_;
    std::condition_variable not_empty_;  // workers wait here for jobs (or shutdown)
    std::condition_variable not_full_;   // submitters wait here for room (or shutdown)
    std::deque<Job> queue_;
    bool stopping_ = false;
    std::size_t failed_ = 0;
    std::mutex join_mutex_;  // serialises concurrent shutdown() calls
    std::vector<std::thread> threads_;
};

}  // namespace mcustd::pool
