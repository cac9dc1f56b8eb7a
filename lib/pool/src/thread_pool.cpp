#include "mcustd/pool/thread_pool.hpp"

#include <stdexcept>

#include "mcustd/thread_stack.hpp"

namespace mcustd::pool {

namespace {
// Checked before anything is allocated for it.
std::size_t valid_capacity(const ThreadPool::Options& options) {
    if (options.workers == 0 || options.queue_capacity == 0) {
        throw std::invalid_argument("ThreadPool: workers and queue_capacity must be > 0");
    }
    return options.queue_capacity;
}
}  // namespace

ThreadPool::ThreadPool(Options options)
    : capacity_(options.queue_capacity), queue_(valid_capacity(options)) {
    threads_.reserve(options.workers);
    try {
        StackSizeScope stack(options.stack_size);
        for (std::size_t i = 0; i < options.workers; ++i) {
            threads_.emplace_back([this] { run_worker(); });
        }
    } catch (...) {
        shutdown();  // join the workers that did start before reporting the failure
        throw;
    }
    worker_count_ = threads_.size();
}

void ThreadPool::shutdown() {
    std::lock_guard join_lock(join_mutex_);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    not_empty_.notify_all();
    not_full_.notify_all();
    for (auto& t : threads_) {
        if (t.joinable()) {
            t.join();
        }
    }
    threads_.clear();
}

std::size_t ThreadPool::queued() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

std::size_t ThreadPool::failed_jobs() const {
    std::lock_guard lock(mutex_);
    return failed_;
}

void ThreadPool::run_worker() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            not_empty_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return;  // stopping and drained: the shutdown rule is "finish queued work"
            }
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        not_full_.notify_one();
        try {
            job();
        } catch (...) {
            std::lock_guard lock(mutex_);
            ++failed_;
        }
    }
}

}  // namespace mcustd::pool
