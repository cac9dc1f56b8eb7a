#include "pool_engine.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <utility>

#include "evict.hpp"
#include "mcustd/net/sys_structs.hpp"
#include "reject.hpp"
#include "waker.hpp"

namespace mcustd::httpd {

namespace {

// Fewer, larger jobs mean fewer wake-ups; more jobs mean more parallelism on several cores.
constexpr std::size_t kMinBatch = 8;
constexpr int kMaxPollWaitMs = 1000;
constexpr std::size_t kMaxAcceptsPerTurn = 64;
constexpr std::chrono::milliseconds kAcceptPauseOnError{100};
// At the cap with nothing to evict, a new client waits this long for a worker to hand back a
// connection that may then go (one just answered is idle a moment later) before it gets 503.
constexpr std::chrono::milliseconds kAdmitWait{100};
// Held like that at most; the MCU's socket budget reserves room for them (apps/webserver).
constexpr std::size_t kMaxWaiting = 2;

}  // namespace

PoolEngine::PoolEngine(Server& server)
    : server_(server),
      config_(server.config_),
      recv_blocks_(RecvBuffer::kInitial, server.config_.threads),
      scratch_blocks_(server.handler_->buffer_size(), server.config_.threads),
      pool_(pool::ThreadPool::Options{.workers = server.config_.threads,
                                      .queue_capacity = server.config_.threads * 2,
                                      .stack_size = server.config_.worker_stack}) {}

PoolEngine::~PoolEngine() {
    pool_.shutdown();  // jobs still queued run now, while conns_ is alive
}

Result<void> Server::run_pool() {
    PoolEngine engine(*this);
    return engine.run();
}

void PoolEngine::destroy(Connection* c) {
    std::size_t slot = c->slot;
    if (slot != conns_.size() - 1) {
        std::swap(conns_[slot], conns_.back());
        conns_[slot]->slot = slot;
    }
    conns_.pop_back();
    server_.stats_.set_connections(conns_.size());
}

void PoolEngine::begin_drain() {
    draining_ = true;
    workers_draining_.store(true, std::memory_order_relaxed);
    server_.listener_.reset();  // new clients are refused from now on
    waiting_.clear();           // and those held at the cap are closed
    // Idle and half-received connections go now; responses in flight may finish.
    for (std::size_t i = conns_.size(); i-- > 0;) {
        Connection* c = conns_[i].get();
        if (!c->busy && c->state() != Connection::State::Writing) {
            destroy(c);
        }
    }
}

int PoolEngine::poll_timeout_ms(Clock::time_point now, Clock::time_point next_deadline) const {
    auto wait = std::chrono::milliseconds(kMaxPollWaitMs);
    if (next_deadline - now < wait) {
        wait = std::chrono::ceil<std::chrono::milliseconds>(
            std::max(next_deadline - now, Clock::duration::zero()));
    }
    return static_cast<int>(wait.count());
}

Result<void> PoolEngine::run() {
#if MCUSTD_HTTPD_EPOLL
    return run_epoll();
#else
    return run_poll();
#endif
}

Result<void> PoolEngine::run_poll() {
    const int waker_fd = server_.waker_->fd();
    for (;;) {
        Clock::time_point now = Clock::now();
        if (!draining_ && server_.stop_requested()) {
            begin_drain();
        }
        if (draining_ && conns_.empty()) {
            break;
        }

        pfds_.clear();
        polled_.clear();
        pfds_.push_back(net::make_pollfd(waker_fd, POLLIN));
        bool poll_listener = server_.listener_.has_value() && now >= accept_paused_until_;
        if (poll_listener) {
            pfds_.push_back(net::make_pollfd(server_.listener_->native_handle(), POLLIN));
        }
        first_conn_pfd_ = pfds_.size();
        Clock::time_point next_deadline = Clock::time_point::max();
        if (!poll_listener && server_.listener_.has_value()) {
            next_deadline = accept_paused_until_;
        }
        if (!waiting_.empty()) {
            next_deadline = std::min(next_deadline, waiting_.front().until);
        }
        for (auto& owned : conns_) {
            Connection* c = owned.get();
            if (c->busy) {
                continue;
            }
            pfds_.push_back(net::make_pollfd(c->fd(), c->wants_write() ? POLLOUT : POLLIN));
            polled_.push_back(c);
            next_deadline = std::min(next_deadline, c->deadline());
        }

        int n = ::poll(pfds_.data(), static_cast<nfds_t>(pfds_.size()),
                       poll_timeout_ms(now, next_deadline));
        if (n < 0 && errno != EINTR) {
            return Error::from_errno("httpd: poll", errno);
        }
        now = Clock::now();
        if (n > 0 && pfds_[0].revents != 0) {
            server_.waker_->drain();
        }
        take_returned();
        admit_waiting(now);
        if (n > 0) {
            for (std::size_t i = 0; i < polled_.size(); ++i) {
                if (pfds_[first_conn_pfd_ + i].revents != 0) {
                    polled_[i]->busy = true;
                    ready_.push_back(polled_[i]);
                }
            }
            // After the loop above: accepting may evict (destroy) a connection polled_ names.
            if (poll_listener && pfds_[1].revents != 0) {
                accept_ready(now);
            }
        }
        expire(now);
        dispatch();
    }
    return {};
}

void PoolEngine::take_returned() {
    wake_pending_.store(false, std::memory_order_seq_cst);
    {
        std::lock_guard lock(returned_mutex_);
        std::swap(returned_, returned_spare_);
    }
    for (Connection* c : returned_spare_) {
        hand_back(c);
    }
    returned_spare_.clear();
}

void PoolEngine::accept_ready(Clock::time_point now) {
    for (std::size_t i = 0; i < kMaxAcceptsPerTurn; ++i) {
        auto stream = server_.listener_->accept(true);
        if (!stream) {
            const std::error_code& ec = stream.error().code();
            if ((ec == std::errc::too_many_files_open ||
                 ec == std::errc::too_many_files_open_in_system) &&
                evict_one(now)) {
                continue;  // a descriptor is free again: take the waiting client
            }
            if (ec != std::errc::resource_unavailable_try_again &&
                ec != std::errc::operation_would_block && ec != std::errc::interrupted &&
                ec != std::errc::connection_aborted) {
                // Out of descriptors or memory: the listener stays readable, so stop polling it
                // for a moment instead of spinning.
                accept_paused_until_ = now + kAcceptPauseOnError;
            }
            return;
        }
        if (conns_.size() >= config_.max_connections && !evict_one(now)) {
            if (waiting_.size() < kMaxWaiting) {
                waiting_.push_back({std::move(*stream), now + kAdmitWait});
            } else {
                reject_busy(*stream, server_.log_, server_.stats_);
            }
            continue;
        }
        admit(std::move(*stream), now);
    }
}

void PoolEngine::admit(net::TcpStream stream, Clock::time_point now) {
    if (!stream.set_nodelay(true)) {  // non-blocking already: accept(true)
        return;
    }
    auto c = std::make_unique<Connection>(std::move(stream), now, config_, recv_blocks_);
    c->slot = conns_.size();
    // A fresh client usually sends its request at once: serve it without a poll round trip.
    c->busy = true;
    ready_.push_back(c.get());
    conns_.push_back(std::move(c));
    reserve_lists();
    // Counted here, not once per poll round: a fresh client is served before the next round, and
    // its own /api/status answer must include it.
    server_.stats_.set_connections(conns_.size());
}

void PoolEngine::reserve_lists() {
    if (reserved_ >= conns_.size()) {
        return;
    }
    reserved_ = std::max(conns_.size(), 2 * reserved_);  // geometric: O(1) per admit
    ready_.reserve(reserved_);
#if MCUSTD_HTTPD_EPOLL
    serving_.reserve(reserved_);
#endif
    std::lock_guard lock(returned_mutex_);
    returned_.reserve(reserved_);
    returned_spare_.reserve(reserved_);
}

void PoolEngine::admit_waiting(Clock::time_point now) {
    std::size_t kept = 0;
    for (Waiting& w : waiting_) {
        if (conns_.size() < config_.max_connections || evict_one(now)) {
            admit(std::move(w.stream), now);
        } else if (now >= w.until) {
            reject_busy(w.stream, server_.log_, server_.stats_);
        } else {
            if (&waiting_[kept] != &w) {
                waiting_[kept] = std::move(w);
            }
            ++kept;
        }
    }
    waiting_.erase(waiting_.begin() + static_cast<std::ptrdiff_t>(kept), waiting_.end());
}

bool PoolEngine::evict_one(Clock::time_point now) {
    Connection* victim = pick_eviction(conns_, now, config_);
    if (victim == nullptr) {
        return false;
    }
    destroy(victim);
    return true;
}

void PoolEngine::expire(Clock::time_point now) {
    for (std::size_t i = conns_.size(); i-- > 0;) {
        Connection* c = conns_[i].get();
        if (!c->busy && c->deadline() <= now) {
            destroy(c);
        }
    }
}

PoolEngine::Batch* PoolEngine::take_batch() {
    {
        std::lock_guard lock(returned_mutex_);
        if (!free_batches_.empty()) {
            Batch* b = free_batches_.back();
            free_batches_.pop_back();
            return b;
        }
    }
    batches_.push_back(std::make_unique<Batch>());
    std::lock_guard lock(returned_mutex_);
    free_batches_.reserve(batches_.size());  // giving every batch back never allocates
    return batches_.back().get();
}

void PoolEngine::dispatch() {
#if MCUSTD_HTTPD_EPOLL
    if (serve_here_) {
        serve_here();
        return;
    }
#endif
    // Oldest first: connections left waiting because the job queue was full go before the ones
    // that became ready since, which keeps the latency tail short under load.
    std::size_t workers = config_.threads;
    std::size_t taken = 0;
    while (taken < ready_.size()) {
        std::size_t left = ready_.size() - taken;
        std::size_t chunk = std::min(left, std::max(kMinBatch, (left + workers - 1) / workers));
        auto first = ready_.begin() + static_cast<std::ptrdiff_t>(taken);
        Batch* batch = take_batch();
        batch->assign(first, first + static_cast<std::ptrdiff_t>(chunk));
        // Two pointers: the job fits inside pool::Job, no allocation.
        if (!pool_.try_submit([this, batch] { serve_batch(*batch); })) {
            std::lock_guard lock(returned_mutex_);
            free_batches_.push_back(batch);
            break;  // queue full: a worker hands its batch back soon and wakes us to retry
        }
        taken += chunk;
    }
    ready_.erase(ready_.begin(), ready_.begin() + static_cast<std::ptrdiff_t>(taken));
}

void PoolEngine::serve_each(const std::vector<Connection*>& conns, bool draining) {
    // Per-batch scratch: the response head being written and the decoded request path, sized by
    // the handler so that every path within the request-line limit can be looked up.
    const std::size_t scratch_size = scratch_blocks_.block_size();
    std::unique_ptr<char[]> scratch = scratch_blocks_.take();
    ServeContext ctx{config_,
                     *server_.handler_,
                     server_.log_,
                     server_.stats_,
                     std::span<char>(scratch.get(), scratch_size),
                     Clock::now(),
                     draining};
    for (Connection* c : conns) {
        c->last = c->serve(ctx);
    }
    scratch_blocks_.give(std::move(scratch));
}

void PoolEngine::serve_batch(Batch& batch) {
    serve_each(batch, workers_draining_.load(std::memory_order_relaxed));
    {
        std::lock_guard lock(returned_mutex_);
        returned_.insert(returned_.end(), batch.begin(), batch.end());
        batch.clear();
        free_batches_.push_back(&batch);
    }
    if (!wake_pending_.exchange(true, std::memory_order_seq_cst)) {
        server_.waker_->wake();
    }
}

}  // namespace mcustd::httpd
