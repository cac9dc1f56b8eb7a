#include "workers.hpp"

#include <pthread.h>

#include <mcustd/thread_stack.hpp>
#include <string_view>
#include <system_error>

namespace webserver {
namespace {

using Clock = std::chrono::steady_clock;

// One slice of the visible work: trial division of the next candidates, counting the primes.
std::uint32_t primes_in(std::uint32_t& next, unsigned candidates) {
    std::uint32_t found = 0;
    for (unsigned i = 0; i < candidates; ++i, ++next) {
        bool prime = next >= 2;
        for (std::uint32_t d = 2; prime && d * d <= next; ++d) {
            prime = next % d != 0;
        }
        found += prime ? 1 : 0;
    }
    return found;
}

// "work<id>" (no printf: it would pull newlib's formatter, 8 KiB of the MCU's flash, in).
void name_worker(std::array<char, 16>& name, unsigned id) {
    constexpr std::string_view kPrefix = "work";
    std::array<char, 10> digits{};
    std::size_t n = 0;
    do {
        digits[n++] = static_cast<char>('0' + id % 10);
        id /= 10;
    } while (id != 0);
    std::size_t at = kPrefix.copy(name.data(), kPrefix.size());
    while (n > 0) {
        name[at++] = digits[--n];
    }
    name[at] = '\0';
}

}  // namespace

Workers::~Workers() {
    stopping_.store(true, std::memory_order_relaxed);
    for (Slot& s : slots_) {
        if (s.thread.joinable()) {
            s.thread.join();
        }
    }
}

bool Workers::start(unsigned seconds, std::array<char, 16>& name) {
    std::lock_guard lock(mutex_);
    for (Slot& s : slots_) {
        if (!s.done.load(std::memory_order_acquire)) {
            continue;
        }
        if (s.thread.joinable()) {
            s.thread.join();  // finished: it takes no lock after setting done
        }
        name_worker(s.name, next_id_++);
        s.steps.store(0, std::memory_order_relaxed);
        s.until = Clock::now() + std::chrono::seconds(seconds);
        s.done.store(false, std::memory_order_relaxed);
        mcustd::StackSizeScope stack(kStack);
        try {
            s.thread = std::thread([this, &s] { run(s); });
        } catch (const std::system_error&) {
            s.done.store(true, std::memory_order_relaxed);  // no memory for a thread: refuse
            return false;
        }
        name = s.name;
        return true;
    }
    return false;
}

void Workers::run(Slot& slot) {
    (void)pthread_setname_np(pthread_self(), slot.name.data());  // what the thread list shows
    std::uint32_t next = 2;
    while (!stopping_.load(std::memory_order_relaxed) && Clock::now() < slot.until) {
        slot.steps.fetch_add(primes_in(next, 64), std::memory_order_relaxed);
        // Paced, not spinning: the server's workers keep the CPU they need. This is the work's
        // own rhythm, not a wait for an event: the destructor waits at most one step for it.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    slot.done.store(true, std::memory_order_release);
}

std::size_t Workers::running(std::span<View, kMax> out) {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = Clock::now();
    std::size_t n = 0;
    for (const Slot& s : slots_) {
        if (s.done.load(std::memory_order_acquire)) {
            continue;
        }
        View& v = out[n++];
        v.name = s.name;
        v.steps = s.steps.load(std::memory_order_relaxed);
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(s.until - now);
        v.left_ms = left.count() > 0 ? static_cast<std::uint32_t>(left.count()) : 0;
    }
    return n;
}

}  // namespace webserver
