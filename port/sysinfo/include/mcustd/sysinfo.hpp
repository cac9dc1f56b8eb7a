// sysinfo: what a status page shows about the system it runs on — threads with their stacks,
// the C heap, the network stack's resources and the uptime — for portable code (lib/, apps/),
// which may not include kernel or board headers. A platform API: the MCU port implements it over
// the kernel, newlib and lwIP (src/sysinfo_mcu.cpp), Linux over /proc (src/sysinfo_linux.cpp).
// Nothing allocates: callers pass the storage, and every call is safe from any thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace mcustd::sysinfo {

struct ThreadInfo {
    std::array<char, 16> name{};   // NUL-terminated, cut to 15 characters
    std::string_view state;        // static text: "ready", "blocked", "running", "sleeping", ...
    std::int32_t priority = 0;     // the platform's own scale (MCU: kernel priority; Linux: nice)
    std::uint32_t stack_used = 0;  // high-water mark in bytes; 0 where the platform cannot tell
    std::uint32_t stack_size = 0;  // bytes; 0 where the platform cannot tell

    [[nodiscard]] std::string_view name_view() const noexcept { return name.data(); }
};

// Copies at most out.size() threads into `out`; returns how many exist (maybe more than copied).
std::size_t threads(std::span<ThreadInfo> out) noexcept;

struct MemoryInfo {
    std::size_t heap_in_use = 0;  // bytes handed out by malloc
    std::size_t heap_free = 0;    // bytes malloc holds free (MCU: plus the heap not yet claimed)
};
MemoryInfo memory() noexcept;

struct NetworkInfo {
    std::uint32_t sockets = 0;  // open sockets of this program
    // The MCU's lwIP: its heap and pools (all zero and `has_stack` false on the host, whose
    // network stack is the kernel's).
    bool has_stack = false;
    std::uint32_t stack_heap_used = 0;
    std::uint32_t stack_heap_size = 0;
    std::uint32_t rx_buffers = 0;  // pbufs held
    std::uint32_t tcp_pcbs = 0;
    std::uint32_t pools_used = 0;  // entries in use over every pool
};
NetworkInfo network() noexcept;

// Milliseconds since the program started (the MCU: since boot).
std::uint64_t uptime_ms() noexcept;

// What the figures describe, e.g. "mps2-an386 (Cortex-M4F)" or "Linux".
std::string_view platform() noexcept;

}  // namespace mcustd::sysinfo
