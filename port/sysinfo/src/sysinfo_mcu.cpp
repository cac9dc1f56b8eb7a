// The MCU's figures: the kernel's thread list (stack high-water marks from the fill pattern),
// picolibc's heap within the board's heap region, lwIP's resources (port/net) when the board has a
// network.
#include <kernel/kernel.h>
#include <malloc.h>

#include <chrono>
#include <cstdint>
#include <cstring>

#include "board/board.h"
#include "board/board_config.h"
#include "mcustd/sysinfo.hpp"
#if MCUSTD_SYSINFO_NET
#include "mcustd/net_port.h"
#endif

namespace mcustd::sysinfo {
namespace {

struct Copy {
    std::span<ThreadInfo> out;
    std::size_t copied = 0;
};

// k_thread_foreach's callback runs without kernel locks and must not block: it only copies.
void copy_thread(const k_thread_info* info, void* ctx) {
    auto* copy = static_cast<Copy*>(ctx);
    if (copy->copied == copy->out.size()) {
        return;
    }
    ThreadInfo& t = copy->out[copy->copied++];
    const char* name = info->name != nullptr ? info->name : "-";
    std::size_t len = 0;
    for (; len + 1 < t.name.size() && name[len] != '\0'; ++len) {
        t.name[len] = name[len];
    }
    t.name[len] = '\0';
    t.state = k_thread_state_name(info->state);
    t.priority = info->prio;
    t.stack_used = static_cast<std::uint32_t>(info->stack_used);
    t.stack_size = static_cast<std::uint32_t>(info->stack_size);
}

}  // namespace

std::size_t threads(std::span<ThreadInfo> out) noexcept {
    Copy copy{out};
    return k_thread_foreach(copy_thread, &copy);
}

MemoryInfo memory() noexcept {
    const struct mallinfo mi = mallinfo();
    const auto region = static_cast<std::size_t>(static_cast<char*>(board_heap_end()) -
                                                 static_cast<char*>(board_heap_start()));
    const auto arena = static_cast<std::size_t>(mi.arena);
    MemoryInfo m;
    m.heap_in_use = static_cast<std::size_t>(mi.uordblks);
    // Free blocks inside the arena plus the part of the region sbrk has not handed out yet.
    m.heap_free = static_cast<std::size_t>(mi.fordblks) + (region > arena ? region - arena : 0);
    return m;
}

NetworkInfo network() noexcept {
    NetworkInfo n;
#if MCUSTD_SYSINFO_NET
    mcustd_net_usage u{};
    mcustd_net_get_usage(&u);
    n.sockets = u.netconns_used;
    n.has_stack = true;
    n.stack_heap_used = u.heap_used;
    n.stack_heap_size = u.heap_size;
    n.rx_buffers = u.pbuf_pool_used;
    n.tcp_pcbs = u.tcp_pcbs_used;
    n.pools_used = u.pools_used;
#endif
    return n;
}

std::uint64_t uptime_ms() noexcept {
    // The port's steady_clock counts from boot (port/libstdcxx), as the kernel's ticks do.
    const auto since_boot = std::chrono::steady_clock::now().time_since_epoch();
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(since_boot).count());
}

std::string_view platform() noexcept {
    return BOARD_NAME " (Cortex-M4F)";
}

}  // namespace mcustd::sysinfo
