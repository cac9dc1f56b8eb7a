#include "prof.hpp"

#include <array>
#include <atomic>
#include <cstdio>

#include "board/board.h"

extern "C" const char __text_start[];  // NOLINT(bugprone-reserved-identifier): linker script
extern "C" const char __text_end[];    // NOLINT(bugprone-reserved-identifier)

namespace prof {
namespace {

// 16-byte buckets cover 256 KiB of code in 32 KiB of RAM (this image only: the measured images
// have no profiler). Counts saturate rather than wrap, so a hot bucket can only be under-counted
// visibly (the header prints the saturated count).
constexpr unsigned kShift = 4;
constexpr std::size_t kBuckets = 16384;
std::array<std::uint16_t, kBuckets> g_hist{};
std::array<std::uint16_t, kBuckets> g_callers{};  // LRs of the samples that hit a focus range

struct Range {
    std::uint32_t lo;
    std::uint32_t hi;
};
constexpr std::size_t kMaxFocus = 8;
std::array<Range, kMaxFocus> g_focus{};
std::size_t g_focus_count;  // set only while sampling is stopped
std::uint32_t g_samples;    // every sample, including those outside .text
std::uint32_t g_outside;    // PCs outside .text (RAM code, a bad frame)
std::uint32_t g_saturated;  // samples lost to a full bucket

// The bucket of a code address, or nullptr outside .text.
std::uint16_t* bucket_of(std::array<std::uint16_t, kBuckets>& hist, std::uint32_t addr) {
    const auto lo = reinterpret_cast<std::uintptr_t>(__text_start);
    const auto hi = reinterpret_cast<std::uintptr_t>(__text_end);
    if (addr < lo || addr >= hi || ((addr - lo) >> kShift) >= kBuckets) {
        return nullptr;
    }
    return &hist[(addr - lo) >> kShift];
}

// In the profiler's interrupt: no kernel calls, no locks (it preempts everything below it).
void sample(std::uint32_t pc, std::uint32_t lr) {
    ++g_samples;
    std::uint16_t* bucket = bucket_of(g_hist, pc);
    if (bucket == nullptr) {
        ++g_outside;
        return;
    }
    if (*bucket == UINT16_MAX) {
        ++g_saturated;
        return;
    }
    ++*bucket;
    for (std::size_t i = 0; i < g_focus_count; ++i) {
        if (pc >= g_focus[i].lo && pc < g_focus[i].hi) {
            // The return address (Thumb bit cleared) is just past the call: attributed to it.
            std::uint16_t* caller = bucket_of(g_callers, (lr & ~1u) - 2);
            if (caller != nullptr && *caller != UINT16_MAX) {
                ++*caller;
            }
            break;
        }
    }
}

}  // namespace

bool start(std::uint32_t period_cycles) {
    board_prof_stop();
    g_hist.fill(0);
    g_callers.fill(0);
    g_samples = g_outside = g_saturated = 0;
    std::atomic_signal_fence(std::memory_order_seq_cst);  // cleared before the first sample
    return board_prof_start(period_cycles, sample) == 0;
}

bool focus(std::uint32_t lo, std::uint32_t hi) {
    if (g_focus_count == kMaxFocus || lo >= hi) {
        return false;
    }
    board_prof_stop();  // the table changes only while no sample can read it
    g_focus[g_focus_count++] = {lo, hi};
    return true;
}

void reset_focus() {
    board_prof_stop();
    g_focus_count = 0;
}

void stop() {
    board_prof_stop();
}

void dump() {
    std::printf("prof text 0x%08lx shift %u samples %lu outside %lu saturated %lu\n",
                static_cast<unsigned long>(reinterpret_cast<std::uintptr_t>(__text_start)), kShift,
                static_cast<unsigned long>(g_samples), static_cast<unsigned long>(g_outside),
                static_cast<unsigned long>(g_saturated));
    for (std::size_t i = 0; i < kBuckets; ++i) {
        if (g_hist[i] != 0) {
            std::printf("p %u %u\n", static_cast<unsigned>(i), static_cast<unsigned>(g_hist[i]));
        }
    }
    for (std::size_t i = 0; i < kBuckets; ++i) {
        if (g_callers[i] != 0) {
            std::printf("c %u %u\n", static_cast<unsigned>(i), static_cast<unsigned>(g_callers[i]));
        }
    }
    std::printf("prof done\n");
}

}  // namespace prof
