#include "mcustd/httpd/access_log.hpp"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <ctime>
#include <string_view>

#include "mcustd/thread_stack.hpp"

namespace mcustd::httpd {

namespace {

void write_fully(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;  // stdout gone: the log is best effort, the server keeps serving
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
}

char* two_digits(char* p, int v) {
    *p++ = static_cast<char>('0' + v / 10 % 10);
    *p++ = static_cast<char>('0' + v % 10);
    return p;
}

// "[25/Nov/2026:04:22:36 +0000]" by hand: strftime would link newlib's time-zone and scanf code
// (~10 KB of flash on the MCU) for a fixed, UTC-only format.
std::size_t format_stamp(const std::tm& tm, char* out, std::size_t size) {
    static constexpr char kMonths[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    const int month = tm.tm_mon >= 0 && tm.tm_mon < 12 ? tm.tm_mon : 0;
    char* p = out;
    *p++ = '[';
    p = two_digits(p, tm.tm_mday);
    *p++ = '/';
    p = std::copy_n(kMonths + std::ptrdiff_t{3} * month, 3, p);
    *p++ = '/';
    p = std::to_chars(p, out + size - 16, tm.tm_year + 1900).ptr;  // 16: the rest below
    *p++ = ':';
    p = two_digits(p, tm.tm_hour);
    *p++ = ':';
    p = two_digits(p, tm.tm_min);
    *p++ = ':';
    p = two_digits(p, tm.tm_sec);
    p = std::copy_n(" +0000]", 7, p);
    return static_cast<std::size_t>(p - out);
}

// write_pending() and the console driver below it: measured with the MCU shell's `ps` after
// firmware_web_load (see lib/httpd/README.md); the rest is margin for the FPU exception frame.
constexpr std::size_t kDrainerStack = 1536;

// A few steps below the creator where the platform schedules by priority (the MCU: its workers
// run at the default, the drainer below them but above idle); a no-op where the policy has one
// level (Linux SCHED_OTHER). Best effort: the log works at any priority.
void lower_own_priority() noexcept {
    int policy = 0;
    sched_param param{};
    if (pthread_getschedparam(pthread_self(), &policy, &param) != 0) {
        return;
    }
    const int lowest = sched_get_priority_min(policy);
    param.sched_priority = std::max(lowest, param.sched_priority - 4);
    (void)pthread_setschedparam(pthread_self(), policy, &param);
}

}  // namespace

AccessLog::AccessLog(int fd, std::size_t capacity, std::chrono::milliseconds flush_interval)
    : fd_(fd),
      capacity_(capacity < 512 ? 512 : capacity),
      interval_(flush_interval),
      ring_(std::make_unique<char[]>(capacity_)) {
    // Small stack (it formats one short line and calls write()); below its creator's priority.
    const StackSizeScope stack(kDrainerStack);
    drainer_ = std::thread([this] {
        lower_own_priority();
        drain_loop();
    });
}

AccessLog::~AccessLog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    drainer_.join();
    flush();
}

void AccessLog::put_locked(std::string_view s) noexcept {
    while (!s.empty()) {
        const std::size_t n = std::min(s.size(), capacity_ - head_);
        std::copy_n(s.data(), n, ring_.get() + head_);
        head_ = (head_ + n) % capacity_;
        used_ += n;
        s.remove_prefix(n);
    }
}

namespace {

// As nginx does: '"', '\\' and bytes outside printable ASCII become \xHH in the log, so a
// crafted request-target cannot end the quoted field and forge the ones after it.
// Plain loops, not std::count_if/find_if over a function pointer: -Os (the MCU) keeps that an
// indirect call per byte of every logged request-target.
[[gnu::always_inline]] inline bool needs_escape(char c) noexcept {
    // One unsigned compare for both ends of printable ASCII (0x20..0x7e).
    return static_cast<unsigned char>(c - 0x20) >= 0x5f || c == '"' || c == '\\';
}

std::size_t escaped_size(std::string_view s) noexcept {
    std::size_t n = s.size();
    for (const char c : s) {
        n += needs_escape(c) ? 3 : 0;
    }
    return n;
}

std::size_t first_to_escape(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size() && !needs_escape(s[i])) {
        ++i;
    }
    return i;
}

}  // namespace

void AccessLog::put_escaped_locked(std::string_view s) noexcept {
    static constexpr char kHex[] = "0123456789ABCDEF";
    while (!s.empty()) {
        const std::size_t bad = first_to_escape(s);
        put_locked(s.substr(0, bad));
        if (bad == s.size()) {
            return;
        }
        const auto u = static_cast<unsigned char>(s[bad]);
        const char escaped[4] = {'\\', 'x', kHex[u >> 4], kHex[u & 0xf]};
        put_locked({escaped, sizeof escaped});
        s.remove_prefix(bad + 1);
    }
}

void AccessLog::log(std::string_view client_ip, std::string_view method, std::string_view target,
                    std::string_view version, int status, std::uint64_t bytes) {
    const auto wall = std::chrono::system_clock::now();
    // " 200 1234\n": a status and a 64-bit count always fit in 32 bytes.
    char num[32];
    char* p = num;
    *p++ = ' ';
    p = std::to_chars(p, num + 8, status).ptr;
    *p++ = ' ';
    // 32-bit when it fits: a uint64_t costs the MCU a library division per two digits.
    p = bytes <= UINT32_MAX ? std::to_chars(p, num + 30, static_cast<std::uint32_t>(bytes)).ptr
                            : std::to_chars(p, num + 30, bytes).ptr;
    *p++ = '\n';
    const std::string_view tail(num, static_cast<std::size_t>(p - num));
    const bool has_request = !method.empty();
    const std::size_t method_size = has_request ? escaped_size(method) : 0;
    const std::size_t target_size = has_request ? escaped_size(target) : 0;
    const std::size_t length =
        client_ip.size() + 5 + 2 +
        (has_request ? method_size + 1 + target_size + 1 + version.size() : 1) + 1 + tail.size();

    bool wake = false;
    {
        std::lock_guard lock(mutex_);
        // Within the second last formatted: no division, no gmtime_r.
        if (wall < stamp_from_ || wall >= stamp_from_ + std::chrono::seconds(1)) {
            const auto second = std::chrono::floor<std::chrono::seconds>(wall);
            const auto t = static_cast<std::time_t>(second.time_since_epoch().count());
            std::tm tm{};
            gmtime_r(&t, &tm);
            stamp_len_ = format_stamp(tm, stamp_, sizeof stamp_);
            stamp_from_ = second;
        }
        if (capacity_ - used_ < length + stamp_len_) {
            ++dropped_;  // never wait for the output: the worker has clients to serve
        } else {
            const std::size_t before = used_;
            put_locked(client_ip);
            put_locked(" - - ");
            put_locked({stamp_, stamp_len_});
            put_locked(" \"");
            if (has_request) {
                // Scanned once above: a field with nothing to escape (the usual case) is copied.
                if (method_size == method.size()) {
                    put_locked(method);
                } else {
                    put_escaped_locked(method);
                }
                put_locked(" ");
                if (target_size == target.size()) {
                    put_locked(target);
                } else {
                    put_escaped_locked(target);
                }
                put_locked(" ");
                put_locked(version);
            } else {
                put_locked("-");
            }
            put_locked("\"");
            put_locked(tail);
            // The drainer sleeps while the buffer is empty and waits out the interval once a
            // line is there: wake it for the first line and when half the buffer is used.
            wake = before == 0 || (before < capacity_ / 2 && used_ >= capacity_ / 2);
        }
    }
    if (wake) {
        wake_.notify_one();
    }
}

void AccessLog::write_pending() {
    for (;;) {
        std::size_t from = 0;
        std::size_t n = 0;
        std::uint64_t dropped = 0;
        {
            std::lock_guard lock(mutex_);
            if (used_ == 0) {
                dropped = dropped_ - dropped_reported_;
                dropped_reported_ = dropped_;
            } else {
                // The oldest bytes, up to the end of the ring. Producers only write into the free
                // part, so these stay put while they are written without the lock.
                from = (head_ + capacity_ - used_) % capacity_;
                n = std::min(used_, capacity_ - from);
            }
        }
        if (n == 0) {
            if (dropped > 0) {
                char line[64];
                char* p = std::copy_n("access log: ", 12, line);
                p = std::to_chars(p, line + 40, dropped).ptr;
                p = std::copy_n(" lines dropped\n", 15, p);
                write_fully(fd_, line, static_cast<std::size_t>(p - line));
            }
            return;
        }
        write_fully(fd_, ring_.get() + from, n);
        std::lock_guard lock(mutex_);
        used_ -= n;
    }
}

void AccessLog::drain_loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock,
                   [this] { return stopping_ || used_ > 0 || dropped_ != dropped_reported_; });
        if (stopping_) {
            return;
        }
        // Batch: one write for many lines, unless the buffer is filling up.
        wake_.wait_for(lock, interval_, [this] { return stopping_ || used_ >= capacity_ / 2; });
        lock.unlock();
        {
            std::lock_guard writer(write_mutex_);
            write_pending();
        }
        lock.lock();
    }
}

void AccessLog::flush() {
    std::lock_guard writer(write_mutex_);
    write_pending();
}

std::uint64_t AccessLog::dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
}

}  // namespace mcustd::httpd
