// Pool mode's poller on Linux: the loop of PoolEngine::run_poll() over an epoll set, so that a
// wake-up costs the connections that are ready rather than every one connected (poll() copies
// and scans all of them each time: with 4,000 to 8,000 keep-alive clients the server's rate fell
// to about 0.55 of its rate with 50, issue 10). The waker and the listener are level-triggered.
// A connection is registered once, edge-triggered for input and output, when its first turn with
// a worker ends, and never modified after: re-arming it (EPOLLONESHOT) cost an epoll_ctl per
// request, ~7% of the server's CPU in a c=10,000 profile. An edge that arrives while a worker
// has the connection is remembered (event_while_busy) and the connection is served again when
// handed back, so no input is missed between the worker's last read and its return. A closed
// descriptor leaves the set by itself (the engine never duplicates one).
#include "pool_engine.hpp"

#if MCUSTD_HTTPD_EPOLL

#include <sched.h>
#include <algorithm>
#include <cerrno>
#include <cstdint>

#include <span>

#include "waker.hpp"

namespace mcustd::httpd {

namespace {

constexpr std::size_t kMaxEvents = 256;
// epoll_event.data of the two descriptors that are not connections (a Connection* is never 0/1).
constexpr std::uint64_t kWakerTag = 0;
constexpr std::uint64_t kListenerTag = 1;

// One CPU to run on (taskset, a cpuset cgroup, a one-core machine): the workers could never run
// beside the poller, so handing them connections would only add a wake-up and two context
// switches per batch; the poller serves them itself, as a single nginx worker does.
bool runs_on_one_cpu() {
    cpu_set_t set;
    CPU_ZERO(&set);
    return ::sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) == 1;
}

}  // namespace

void PoolEngine::arm(Connection* c) {
    if (c->event_while_busy) {
        // Input (or room to write) came while a worker had it: its edge is spent, serve now.
        c->event_while_busy = false;
        c->busy = true;
        ready_.push_back(c);
    } else if (!c->in_epoll) {
        epoll_event ev{};
        // Both directions, once: output edges come only after a send hit a full buffer (the
        // kernel wakes writers it saw blocked), so a connection that never blocks sees none.
        ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
        ev.data.ptr = c;
        if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, c->fd(), &ev) == 0) {
            c->in_epoll = true;
        } else {
            // Out of kernel memory for the set: serve it again at once rather than lose it (its
            // next turn reads or writes what it can and comes back here).
            c->busy = true;
            ready_.push_back(c);
        }
    }
    if (c->deadline() < next_expiry_) {
        next_expiry_ = c->deadline();
    }
}

void PoolEngine::arm_listener(bool want) {
    if (!server_.listener_.has_value()) {
        listener_armed_ = false;  // closed by begin_drain(): it left the set by itself
        return;
    }
    if (want == listener_armed_) {
        return;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenerTag;
    const int fd = server_.listener_->native_handle();
    if (::epoll_ctl(epoll_.get(), want ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, fd, &ev) == 0) {
        listener_armed_ = want;
    }
}

// expire() scans every connection; here that happens only once the earliest deadline of an
// armed connection has passed, and the scan finds the next one.
void PoolEngine::expire_due(Clock::time_point now) {
    if (now < next_expiry_) {
        return;
    }
    next_expiry_ = Clock::time_point::max();
    for (std::size_t i = conns_.size(); i-- > 0;) {
        Connection* c = conns_[i].get();
        if (c->busy) {
            continue;
        }
        if (c->deadline() <= now) {
            destroy(c);
        } else if (c->deadline() < next_expiry_) {
            next_expiry_ = c->deadline();
        }
    }
}

// The batch served by the poller itself (serve_here_); serve_batch() is the workers' version.
void PoolEngine::serve_here() {
    std::swap(ready_, serving_);  // hand_back() queues Next::Again ones into ready_ again
    serve_each(serving_, draining_);
    for (Connection* c : serving_) {
        hand_back(c);
    }
    serving_.clear();
}

Result<void> PoolEngine::run_epoll() {
    epoll_ = net::UniqueFd(::epoll_create1(EPOLL_CLOEXEC));
    if (!epoll_) {
        return Error::from_errno("httpd: epoll_create1", errno);
    }
    epoll_event waker{};
    waker.events = EPOLLIN;
    waker.data.u64 = kWakerTag;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, server_.waker_->fd(), &waker) != 0) {
        return Error::from_errno("httpd: epoll_ctl", errno);
    }
    events_.resize(kMaxEvents);
    serve_here_ = runs_on_one_cpu();
    for (;;) {
        Clock::time_point now = Clock::now();
        if (!draining_ && server_.stop_requested()) {
            begin_drain();
        }
        if (draining_ && conns_.empty()) {
            break;
        }
        const bool poll_listener = server_.listener_.has_value() && now >= accept_paused_until_;
        arm_listener(poll_listener);
        Clock::time_point next_deadline = next_expiry_;
        if (!poll_listener && server_.listener_.has_value()) {
            next_deadline = std::min(next_deadline, accept_paused_until_);
        }
        if (!waiting_.empty()) {
            next_deadline = std::min(next_deadline, waiting_.front().until);
        }

        // Serving here, connections with requests still buffered (Next::Again) wait for no event.
        const int timeout =
            serve_here_ && !ready_.empty() ? 0 : poll_timeout_ms(now, next_deadline);
        const int n =
            ::epoll_wait(epoll_.get(), events_.data(), static_cast<int>(events_.size()), timeout);
        if (n < 0 && errno != EINTR) {
            return Error::from_errno("httpd: epoll_wait", errno);
        }
        now = Clock::now();
        const auto ready = std::span(events_).first(n > 0 ? static_cast<std::size_t>(n) : 0);
        // The waker first, then the returned connections: a worker that hands one back after
        // take_returned() has looked wakes the next epoll_wait, not this drained one.
        bool accept_now = false;
        for (const epoll_event& ev : ready) {
            if (ev.data.u64 == kWakerTag) {
                server_.waker_->drain();
            } else if (ev.data.u64 == kListenerTag) {
                accept_now = true;
            }
        }
        // Connections that fired: those with a worker are served again when handed back
        // (arm()); the others are marked busy before anything below may evict (destroy) an idle
        // connection. All before take_returned(), which may destroy a connection named here.
        for (const epoll_event& ev : ready) {
            if (ev.data.u64 != kWakerTag && ev.data.u64 != kListenerTag) {
                auto* c = static_cast<Connection*>(ev.data.ptr);
                if (c->busy) {
                    c->event_while_busy = true;
                } else {
                    c->busy = true;
                    ready_.push_back(c);
                }
            }
        }
        take_returned();
        admit_waiting(now);
        if (accept_now && server_.listener_.has_value()) {
            accept_ready(now);
        }
        expire_due(now);
        dispatch();
    }
    return {};
}

}  // namespace mcustd::httpd

#endif  // MCUSTD_HTTPD_EPOLL
