// Stats: what the engine has answered, by status class (1xx..5xx), and the connections it holds,
// for a status page. Relaxed 32-bit atomics: lock-free on a Cortex-M4 as on the host, one add per
// response; readers get figures, not a consistent snapshot across classes.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace mcustd::httpd {

class Stats {
  public:
    // Counts one response; a status outside 100..599 is not counted.
    void count(int status) noexcept {
        const int cls = status / 100;
        if (cls >= 1 && cls <= 5) {
            by_class_[static_cast<std::size_t>(cls - 1)].fetch_add(1, std::memory_order_relaxed);
        }
    }
    // Responses of class `cls` (1..5) so far; wraps after 2^32.
    [[nodiscard]] std::uint32_t responses(int cls) const noexcept {
        return cls >= 1 && cls <= 5
                   ? by_class_[static_cast<std::size_t>(cls - 1)].load(std::memory_order_relaxed)
                   : 0;
    }
    [[nodiscard]] std::uint32_t connections() const noexcept {
        return connections_.load(std::memory_order_relaxed);
    }
    void set_connections(std::size_t n) noexcept {
        connections_.store(static_cast<std::uint32_t>(n), std::memory_order_relaxed);
    }

  private:
    std::array<std::atomic<std::uint32_t>, 5> by_class_{};
    std::atomic<std::uint32_t> connections_{0};
};

}  // namespace mcustd::httpd
