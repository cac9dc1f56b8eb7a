// AccessLog: one Common Log Format line per request, buffered so a busy server does not make one
// write() per request:
//
//     127.0.0.1 - - [25/Nov/2026:02:50:41 +0000] "GET /hello.html HTTP/1.1" 200 131
//
// Thread-safe. Lines are written to `fd` when the buffer fills, when the oldest buffered line is
// older than the flush interval (the engine calls maybe_flush() from its poll loop), and by
// flush() (the engine calls it on exit).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>

namespace mcustd::httpd {

class AccessLog {
  public:
    using Clock = std::chrono::steady_clock;

    // `fd` is not owned (stdout by default). `capacity` bounds the memory used.
    explicit AccessLog(int fd = 1, std::size_t capacity = std::size_t{16} * 1024,
                       std::chrono::milliseconds flush_interval = std::chrono::milliseconds(500));
    ~AccessLog();
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    // The request line is logged as "METHOD target VERSION"; an empty `method` (a request that
    // could not be parsed) is logged as "-".
    void log(std::string_view client_ip, std::string_view method, std::string_view target,
             std::string_view version, int status, std::uint64_t bytes);

    void flush();
    // Flushes if the oldest buffered line has waited longer than the flush interval.
    void maybe_flush(Clock::time_point now);
    // Time until maybe_flush() would write, or nullopt-like max() when empty.
    [[nodiscard]] Clock::duration until_flush(Clock::time_point now) const;

  private:
    void write_out_locked();
    void append_locked(std::string_view s);
    void append_escaped_locked(std::string_view s);  // request bytes: see access_log.cpp

    int fd_;
    std::size_t capacity_;
    std::chrono::milliseconds interval_;
    mutable std::mutex mutex_;
    std::unique_ptr<char[]> buf_;
    std::size_t len_ = 0;
    Clock::time_point oldest_{};
    // "[25/Nov/2026:02:50:41 +0000]" for the second last formatted: one gmtime_r per second.
    std::int64_t stamp_second_ = -1;
    char stamp_[32] = {};
    std::size_t stamp_len_ = 0;
};

}  // namespace mcustd::httpd
