#include "evict.hpp"

namespace mcustd::httpd {

int eviction_rank(const Connection& c, Clock::time_point now, const Config& config) {
    switch (c.state()) {
        case Connection::State::Lingering:
            return 1;
        case Connection::State::Idle:
            return 2;
        case Connection::State::Reading:
            return c.awaiting_first_byte() && now - c.waiting_since() >= config.first_byte_grace
                       ? 3
                       : 0;
        case Connection::State::Writing:
            return 0;
    }
    return 0;
}

Connection* pick_eviction(std::span<const std::unique_ptr<Connection>> conns, Clock::time_point now,
                          const Config& config) {
    Connection* best = nullptr;
    int best_rank = 0;
    for (const auto& owned : conns) {
        Connection* c = owned.get();
        if (c->busy) {
            continue;
        }
        const int rank = eviction_rank(*c, now, config);
        if (rank == 0) {
            continue;
        }
        // Same rank: the one waiting longest (a lingering one: any).
        if (best == nullptr || rank < best_rank ||
            (rank == best_rank && c->waiting_since() < best->waiting_since())) {
            best = c;
            best_rank = rank;
        }
    }
    return best;
}

}  // namespace mcustd::httpd
