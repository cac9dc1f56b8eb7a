// Workers: the background std::threads POST /api/worker starts — each named ("work1", "work2",
// ...), doing visible work (a step counter the status page shows) for a bounded time. At most
// kMax run at once and each for at most kMaxSeconds; the destructor stops and joins them (within
// one 20 ms step), so the server's shutdown leaves none behind.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <span>
#include <string_view>
#include <thread>

namespace webserver {

class Workers {
  public:
    static constexpr std::size_t kMax = 2;
    static constexpr unsigned kMaxSeconds = 30;
    // Stack of each worker on the MCU: its loop uses about 200 bytes (the page shows the high-water
    // mark); the host keeps its default.
    static constexpr std::size_t kStack = 1024;

    struct View {
        std::array<char, 16> name{};
        std::uint32_t steps = 0;
        std::uint32_t left_ms = 0;
    };

    Workers() = default;
    ~Workers();
    Workers(const Workers&) = delete;
    Workers& operator=(const Workers&) = delete;

    // Starts one for `seconds` (1..kMaxSeconds) and copies its name into `name`; false when kMax
    // are already running.
    bool start(unsigned seconds, std::array<char, 16>& name);
    // The running ones; returns how many were copied.
    std::size_t running(std::span<View, kMax> out);

  private:
    struct Slot {
        std::thread thread;
        std::array<char, 16> name{};
        std::atomic<std::uint32_t> steps{0};
        std::atomic<bool> done{true};
        std::chrono::steady_clock::time_point until;  // written before the thread starts
    };
    void run(Slot& slot);

    std::mutex mutex_;  // slots' names, deadlines and threads
    std::atomic<bool> stopping_{false};
    unsigned next_id_ = 1;
    std::array<Slot, kMax> slots_;
};

}  // namespace webserver
