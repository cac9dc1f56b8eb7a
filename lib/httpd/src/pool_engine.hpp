// PoolEngine: Server::run() in pool mode. One poller (the calling thread) and a ThreadPool.
//
// Ownership: the poller owns every Connection (conns_). A connection handed to a worker is marked
// busy and left out of poll() until the worker hands it back through returned_; only the poller
// creates, polls, times out and destroys connections, so workers never race on the table.
//
// Batching keeps context switches per request low on one core: ready connections go to workers
// in chunks (one job, one wake-up each), a worker serves its whole chunk — answering, then trying
// one more non-blocking read before giving a connection back — and returns the chunk with a
// single wake-up of the poller.
#pragma once

#include <poll.h>

// Linux: epoll instead of poll() (pool_epoll.cpp), so a wake-up costs what is ready, not what is
// connected. The MCU keeps poll(), whose cost there is bounded by its 16 connections.
#if defined(__linux__)
#include <sys/epoll.h>
#define MCUSTD_HTTPD_EPOLL 1
#endif

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "block_pool.hpp"
#include "clock.hpp"
#include "connection.hpp"
#include "mcustd/httpd/server.hpp"
#include "mcustd/net/unique_fd.hpp"
#include "mcustd/pool/thread_pool.hpp"

namespace mcustd::httpd {

class PoolEngine {
  public:
    explicit PoolEngine(Server& server);
    ~PoolEngine();
    PoolEngine(const PoolEngine&) = delete;
    PoolEngine& operator=(const PoolEngine&) = delete;

    Result<void> run();

  private:
    using Batch = std::vector<Connection*>;
    Batch* take_batch();

    void begin_drain();
    int poll_timeout_ms(Clock::time_point now, Clock::time_point next_deadline) const;
    void accept_ready(Clock::time_point now);
    // Closes the connection src/evict.hpp picks; false if none may go.
    bool evict_one(Clock::time_point now);
    // A new connection in the table, to be served at once.
    void admit(net::TcpStream stream, Clock::time_point now);
    // Room in every list a connection passes through for one entry per connection: returned_
    // and returned_spare_ (and ready_ and serving_) trade places on every turn, so which one
    // gets the next insert depends on thread timing (CI saw one allocation in 1,000 warm
    // requests); growing them all at admit() keeps serving allocation-free however turns fall.
    void reserve_lists();
    std::size_t reserved_ = 0;  // the capacity reserve_lists() last gave them all
    // Clients held at the cap: admitted once a slot frees, told 503 when their wait is over.
    void admit_waiting(Clock::time_point now);
    void take_returned();
    void expire(Clock::time_point now);
    Result<void> run_poll();
#if MCUSTD_HTTPD_EPOLL
    // Connections registered once, edge-triggered; an edge while `busy` is kept for the hand-back
    // (arm()). Timeouts scan the table only when the earliest deadline has passed
    // (next_expiry_), not on every wake-up.
    Result<void> run_epoll();
    void arm(Connection* c);
    void arm_listener(bool want);
    void expire_due(Clock::time_point now);
    net::UniqueFd epoll_;
    std::vector<epoll_event> events_;
    bool listener_armed_ = false;
    Clock::time_point next_expiry_ = Clock::time_point::max();
#endif
    // Ready connections to the workers, or (serve_here_) served by the poller itself.
    void dispatch();
    void hand_back(Connection* c);  // a connection back from serve(): destroy, poll or requeue
#if MCUSTD_HTTPD_EPOLL
    // Linux, on a process allowed one CPU only (pool_epoll.cpp): the workers stay idle. (The MCU
    // has one core too, but its workers' priorities and stacks are the design: it keeps them.)
    void serve_here();
    bool serve_here_ = false;
    std::vector<Connection*> serving_;  // serve_here()'s batch
#endif
    void serve_batch(Batch& batch);
    // Serves each connection once with one scratch block: the workers' and the poller's batches.
    void serve_each(const std::vector<Connection*>& conns, bool draining);
    void destroy(Connection* c);

    Server& server_;
    const Config& config_;
    // Recycled memory (declared before the connections that use it): receive buffers, workers'
    // scratch, and batches (a vector keeps its capacity), so serving allocates nothing once warm.
    BlockPool recv_blocks_;
    BlockPool scratch_blocks_;
    std::vector<std::unique_ptr<Batch>> batches_;  // every batch ever made; the poller's
    std::vector<std::unique_ptr<Connection>> conns_;
    std::vector<pollfd> pfds_;
    std::vector<Connection*> polled_;  // polled_[i] goes with pfds_[i + first_conn_pfd_]
    std::vector<Connection*> ready_;   // busy, waiting for room in the job queue
    std::size_t first_conn_pfd_ = 0;
    bool draining_ = false;
    struct Waiting {
        net::TcpStream stream;
        Clock::time_point until;
    };
    std::vector<Waiting> waiting_;  // accepted at the cap, oldest first
    Clock::time_point accept_paused_until_{};

    std::mutex returned_mutex_;
    std::vector<Connection*> returned_;
    std::vector<Connection*> returned_spare_;
    std::vector<Batch*> free_batches_;  // batches back from workers
    std::atomic<bool> wake_pending_{false};
    std::atomic<bool> workers_draining_{false};

    // Last member: destroyed (workers joined) first, while everything jobs touch still exists.
    pool::ThreadPool pool_;
};

// Inline: one caller on the MCU (take_returned), where a call costs flash; serve_here() on Linux.
inline void PoolEngine::hand_back(Connection* c) {
    switch (c->last) {
        case Next::Close:
            destroy(c);
            break;
        case Next::Again:
            ready_.push_back(c);  // still busy: requests are buffered, no poll needed
            break;
        case Next::Read:
        case Next::Write:
            c->busy = false;
            if (draining_ && c->state() != Connection::State::Writing &&
                c->state() != Connection::State::Lingering) {
                destroy(c);
                break;
            }
#if MCUSTD_HTTPD_EPOLL
            arm(c);
#endif
            break;
    }
}

}  // namespace mcustd::httpd
