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
#include <memory>
#include <mutex>
#include <new>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace mcustd::pool {

// A move-only type-erased `void()` callable (std::function needs copyable targets;
// std::move_only_function is C++23). Callables of up to kInline bytes (a lambda capturing a few
// pointers) live inside the Job: submitting them allocates nothing, which keeps a server's
// per-request path off the heap. Larger ones go to the heap.
class Job {
  public:
    static constexpr std::size_t kInline = 4 * sizeof(void*);

    Job() noexcept = default;
    template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Job>>>
    Job(F&& f) {  // NOLINT: implicit, so lambdas pass straight to submit()
        using T = std::decay_t<F>;
        if constexpr (fits_inline<T>()) {
            impl_ = ::new (static_cast<void*>(storage_)) Model<T>(std::forward<F>(f));
        } else {
            heap_ = std::make_unique<Model<T>>(std::forward<F>(f));
            impl_ = heap_.get();
        }
    }
    Job(Job&& other) noexcept { take(std::move(other)); }
    Job& operator=(Job&& other) noexcept {
        if (this != &other) {
            reset();
            take(std::move(other));
        }
        return *this;
    }
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;
    ~Job() { reset(); }

    explicit operator bool() const noexcept { return impl_ != nullptr; }
    void operator()() { impl_->call(); }

  private:
    struct Concept {
        virtual ~Concept() = default;
        virtual void call() = 0;
        // Moves the callable into `where` (inline storage) and returns it there.
        virtual Concept* move_to(void* where) noexcept = 0;
    };
    template <typename F>
    struct Model final : Concept {
        explicit Model(F&& f) : fn(std::move(f)) {}
        explicit Model(const F& f) : fn(f) {}
        void call() override { fn(); }
        Concept* move_to(void* where) noexcept override {
            if constexpr (std::is_nothrow_move_constructible_v<F>) {
                return ::new (where) Model(std::move(fn));
            } else {
                return nullptr;  // never inline (fits_inline), so never called
            }
        }
        F fn;
    };
    template <typename T>
    static constexpr bool fits_inline() {
        return sizeof(Model<T>) <= sizeof(storage_) && alignof(Model<T>) <= alignof(Concept*) &&
               std::is_nothrow_move_constructible_v<T>;
    }
    bool is_inline() const noexcept {
        return impl_ != nullptr && static_cast<const void*>(impl_) == storage_;
    }
    void take(Job&& other) noexcept {
        if (other.is_inline()) {
            impl_ = other.impl_->move_to(storage_);
            other.reset();
        } else {
            heap_ = std::move(other.heap_);
            impl_ = std::exchange(other.impl_, nullptr);
        }
    }
    void reset() noexcept {
        if (is_inline()) {
            impl_->~Concept();
        }
        heap_.reset();
        impl_ = nullptr;
    }

    alignas(Concept*) unsigned char storage_[kInline + sizeof(void*)]{};  // + the Model's vptr
    Concept* impl_ = nullptr;  // into storage_ or heap_, or null
    std::unique_ptr<Concept> heap_;
};

// The bounded job queue: a ring of slots allocated once, so queueing never allocates (a
// std::deque allocates and frees a block every few jobs).
class JobRing {
  public:
    explicit JobRing(std::size_t capacity) : slots_(capacity) {}
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    // Only while size() < capacity.
    template <typename F>
    void emplace_back(F&& f) {
        slots_[(head_ + size_) % slots_.size()] = Job(std::forward<F>(f));
        ++size_;
    }
    Job& front() noexcept { return slots_[head_]; }
    void pop_front() noexcept {
        slots_[head_] = Job();
        head_ = (head_ + 1) % slots_.size();
        --size_;
    }

  private:
    std::vector<Job> slots_;
    std::size_t head_ = 0;
    std::size_t size_ = 0;
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
    JobRing queue_;
    bool stopping_ = false;
    std::size_t failed_ = 0;
    std::mutex join_mutex_;  // serialises concurrent shutdown() calls
    std::vector<std::thread> threads_;
};

}  // namespace mcustd::pool
