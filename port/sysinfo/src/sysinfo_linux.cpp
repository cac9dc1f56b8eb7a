// The host's figures, from /proc: each thread's name, state and nice value from
// /proc/self/task/<tid>/{comm,stat}; sockets by the links in /proc/self/fd; glibc's heap from
// mallinfo2() (AddressSanitizer's own figures in the host-asan build). Linux keeps no stack
// high-water mark and gives no other thread's stack size, so those stay 0 ("unknown"). Plain
// open/read into stack buffers: nothing allocates.
#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "mcustd/sysinfo.hpp"

#if defined(__SANITIZE_ADDRESS__)
// The sanitizer runtime's (GCC installs no <sanitizer/allocator_interface.h>): C linkage.
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
extern "C" std::size_t __sanitizer_get_free_bytes();
#endif

namespace mcustd::sysinfo {
namespace {

// Reads a small /proc file into `buf` (NUL-terminated); the byte count, 0 on failure.
std::size_t read_file(const char* path, char* buf, std::size_t size) {
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    const ssize_t n = ::read(fd, buf, size - 1);
    ::close(fd);
    const std::size_t got = n > 0 ? static_cast<std::size_t>(n) : 0;
    buf[got] = '\0';
    return got;
}

std::string_view state_name(char c) {
    switch (c) {
        case 'R':
            return "running";
        case 'S':
            return "sleeping";
        case 'D':
            return "disk";
        case 'T':
        case 't':
            return "stopped";
        case 'Z':
            return "zombie";
        default:
            return "?";
    }
}

// Fills `t` from /proc/self/task/<tid>: comm, then stat's state (field 3) and nice (field 19).
// stat's second field is the name in parentheses and may hold spaces: parse after its last ')'.
void read_task(const char* tid, ThreadInfo& t) {
    char path[64];
    char buf[512];
    std::snprintf(path, sizeof path, "/proc/self/task/%s/comm", tid);
    if (std::size_t n = read_file(path, buf, sizeof buf); n > 0) {
        n -= buf[n - 1] == '\n' ? 1 : 0;
        n = n < t.name.size() - 1 ? n : t.name.size() - 1;
        std::memcpy(t.name.data(), buf, n);  // t.name is zeroed: stays NUL-terminated
    }
    std::snprintf(path, sizeof path, "/proc/self/task/%s/stat", tid);
    if (read_file(path, buf, sizeof buf) == 0) {
        return;
    }
    const char* p = std::strrchr(buf, ')');
    if (p == nullptr || p[1] != ' ') {
        return;
    }
    p += 2;  // field 3: state
    t.state = state_name(*p);
    for (int field = 3; field < 19 && p != nullptr; ++field) {
        p = std::strchr(p, ' ');
        p = p != nullptr ? p + 1 : nullptr;
    }
    if (p != nullptr) {
        t.priority = static_cast<std::int32_t>(std::strtol(p, nullptr, 10));
    }
}

bool is_number(const char* s) {
    return *s != '\0' && std::strspn(s, "0123456789") == std::strlen(s);
}

}  // namespace

std::size_t threads(std::span<ThreadInfo> out) noexcept {
    DIR* dir = ::opendir("/proc/self/task");
    if (dir == nullptr) {
        return 0;
    }
    std::size_t count = 0;
    while (const dirent* e = ::readdir(dir)) {
        if (!is_number(e->d_name)) {
            continue;
        }
        if (count < out.size()) {
            out[count] = ThreadInfo{};
            read_task(e->d_name, out[count]);
        }
        ++count;
    }
    ::closedir(dir);
    return count;
}

MemoryInfo memory() noexcept {
#if defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer's allocator replaces glibc's, whose mallinfo2() then reads zeros.
    return MemoryInfo{__sanitizer_get_current_allocated_bytes(), __sanitizer_get_free_bytes()};
#else
    const struct mallinfo2 mi = ::mallinfo2();
    return MemoryInfo{mi.uordblks, mi.fordblks};
#endif
}

NetworkInfo network() noexcept {
    NetworkInfo n;
    DIR* dir = ::opendir("/proc/self/fd");
    if (dir == nullptr) {
        return n;
    }
    const int own = ::dirfd(dir);
    while (const dirent* e = ::readdir(dir)) {
        if (!is_number(e->d_name) || std::strtol(e->d_name, nullptr, 10) == own) {
            continue;
        }
        char link[32];
        const ssize_t len = ::readlinkat(own, e->d_name, link, sizeof link - 1);
        if (len > 7 && std::strncmp(link, "socket:", 7) == 0) {
            ++n.sockets;
        }
    }
    ::closedir(dir);
    return n;
}

std::uint64_t uptime_ms() noexcept {
    // /proc/self/stat field 22: the start time in clock ticks after boot; CLOCK_BOOTTIME is now.
    char buf[512];
    if (read_file("/proc/self/stat", buf, sizeof buf) == 0) {
        return 0;
    }
    const char* p = std::strrchr(buf, ')');
    for (int field = 2; field < 22 && p != nullptr; ++field) {
        p = std::strchr(p + 1, ' ');
    }
    if (p == nullptr) {
        return 0;
    }
    const unsigned long long start_ticks = std::strtoull(p + 1, nullptr, 10);
    const long hz = ::sysconf(_SC_CLK_TCK);
    timespec now{};
    (void)clock_gettime(CLOCK_BOOTTIME, &now);
    const std::uint64_t now_ms = static_cast<std::uint64_t>(now.tv_sec) * 1000u +
                                 static_cast<std::uint64_t>(now.tv_nsec) / 1'000'000u;
    const std::uint64_t start_ms =
        hz > 0 ? start_ticks * 1000u / static_cast<std::uint64_t>(hz) : 0;
    return now_ms > start_ms ? now_ms - start_ms : 0;
}

std::string_view platform() noexcept {
    return "Linux";
}

}  // namespace mcustd::sysinfo
