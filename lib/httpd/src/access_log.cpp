#include "mcustd/httpd/access_log.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <ctime>
#include <string_view>

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

}  // namespace

AccessLog::AccessLog(int fd, std::size_t capacity, std::chrono::milliseconds flush_interval)
    : fd_(fd),
      capacity_(capacity < 512 ? 512 : capacity),
      interval_(flush_interval),
      buf_(std::make_unique<char[]>(capacity_)) {}

AccessLog::~AccessLog() {
    flush();
}

void AccessLog::append_locked(std::string_view s) {
    while (!s.empty()) {
        if (len_ == capacity_) {
            write_out_locked();
        }
        std::size_t n = std::min(s.size(), capacity_ - len_);
        std::copy_n(s.data(), n, buf_.get() + len_);
        len_ += n;
        s.remove_prefix(n);
    }
}

void AccessLog::append_escaped_locked(std::string_view s) {
    // As nginx does: '"', '\\' and bytes outside printable ASCII become \xHH, so a crafted
    // request-target cannot end the quoted field and forge the ones after it.
    static constexpr char kHex[] = "0123456789ABCDEF";
    while (!s.empty()) {
        const auto* bad = std::find_if(s.begin(), s.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return c == '"' || c == '\\' || u < 0x20 || u >= 0x7f;
        });
        append_locked(s.substr(0, static_cast<std::size_t>(bad - s.begin())));
        if (bad == s.end()) {
            return;
        }
        const auto u = static_cast<unsigned char>(*bad);
        const char escaped[4] = {'\\', 'x', kHex[u >> 4], kHex[u & 0xf]};
        append_locked({escaped, sizeof escaped});
        s.remove_prefix(static_cast<std::size_t>(bad - s.begin()) + 1);
    }
}

void AccessLog::write_out_locked() {
    write_fully(fd_, buf_.get(), len_);
    len_ = 0;
}

void AccessLog::log(std::string_view client_ip, std::string_view method, std::string_view target,
                    std::string_view version, int status, std::uint64_t bytes) {
    auto wall = std::chrono::system_clock::now();
    auto now = Clock::now();
    std::int64_t second =
        std::chrono::duration_cast<std::chrono::seconds>(wall.time_since_epoch()).count();
    char num[32];
    std::lock_guard lock(mutex_);
    if (second != stamp_second_) {
        std::time_t t = static_cast<std::time_t>(second);
        std::tm tm{};
        gmtime_r(&t, &tm);
        stamp_len_ = format_stamp(tm, stamp_, sizeof stamp_);
        stamp_second_ = second;
    }
    if (len_ == 0) {
        oldest_ = now;
    }
    append_locked(client_ip);
    append_locked(" - - ");
    append_locked({stamp_, stamp_len_});
    append_locked(" \"");
    if (method.empty()) {
        append_locked("-");
    } else {
        append_escaped_locked(method);
        append_locked(" ");
        append_escaped_locked(target);
        append_locked(" ");
        append_locked(version);
    }
    append_locked("\"");
    // " 200 1234\n": a status and a 64-bit count always fit in 32 bytes.
    char* p = num;
    *p++ = ' ';
    p = std::to_chars(p, num + 8, status).ptr;
    *p++ = ' ';
    p = std::to_chars(p, num + 30, bytes).ptr;
    *p++ = '\n';
    append_locked({num, static_cast<std::size_t>(p - num)});
}

void AccessLog::flush() {
    std::lock_guard lock(mutex_);
    write_out_locked();
}

void AccessLog::maybe_flush(Clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (len_ > 0 && now - oldest_ >= interval_) {
        write_out_locked();
    }
}

AccessLog::Clock::duration AccessLog::until_flush(Clock::time_point now) const {
    std::lock_guard lock(mutex_);
    if (len_ == 0) {
        return Clock::duration::max();
    }
    auto due = oldest_ + interval_;
    return due > now ? due - now : Clock::duration::zero();
}

}  // namespace mcustd::httpd
