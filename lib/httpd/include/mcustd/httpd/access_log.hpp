// AccessLog: one Common Log Format line per request, written by a thread of its own:
//
//     127.0.0.1 - - [25/Nov/2026:02:50:41 +0000] "GET /hello.html HTTP/1.1" 200 131
//
// log() only copies the line into a bounded ring buffer and never waits for the output: on the
// MCU the log goes to a 115,200-baud UART (about 90 ms per KiB on real hardware), and a worker
// that wrote it itself would stall every request behind it. A line that does not fit is dropped
// and counted; the drainer then reports "access log: N lines dropped". The drainer runs below the
// threads that create the log (lower priority where the platform has priorities, as on the MCU),
// writes when the buffer is half full or its oldest line has waited `flush_interval`, and flush()
// writes everything now (the engine calls it on exit). Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

namespace mcustd::httpd {

class AccessLog {
  public:
    using Clock = std::chrono::steady_clock;

    // `fd` is not owned (stdout by default). `capacity` bounds the memory used (at least 512).
    explicit AccessLog(int fd = 1, std::size_t capacity = std::size_t{16} * 1024,
                       std::chrono::milliseconds flush_interval = std::chrono::milliseconds(500));
    // Writes what is left, then stops the drainer.
    ~AccessLog();
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    // The request line is logged as "METHOD target VERSION"; an empty `method` (a request that
    // could not be parsed) is logged as "-". Never blocks on the output.
    void log(std::string_view client_ip, std::string_view method, std::string_view target,
             std::string_view version, int status, std::uint64_t bytes);

    // Writes every line logged so far, on the calling thread.
    void flush();
    // Lines dropped because the buffer was full, since construction.
    [[nodiscard]] std::uint64_t dropped() const;

  private:
    void drain_loop();
    // Writes buffered lines (and a dropped-lines report) until the buffer is empty; call with
    // write_mutex_ held and mutex_ not held.
    void write_pending();
    void put_locked(std::string_view s) noexcept;
    void put_escaped_locked(std::string_view s) noexcept;  // request bytes: see access_log.cpp

    int fd_;
    std::size_t capacity_;
    std::chrono::milliseconds interval_;

    mutable std::mutex mutex_;  // the ring and the counters
    std::condition_variable wake_;
    std::unique_ptr<char[]> ring_;
    std::size_t head_ = 0;  // where the next byte goes
    std::size_t used_ = 0;  // bytes waiting, ending at head_
    std::uint64_t dropped_ = 0;
    std::uint64_t dropped_reported_ = 0;
    bool stopping_ = false;
    // "[25/Nov/2026:02:50:41 +0000]" for the second last formatted (from stamp_from_): one
    // gmtime_r per second.
    std::chrono::system_clock::time_point stamp_from_ =
        std::chrono::system_clock::time_point::max() - std::chrono::seconds(1);
    char stamp_[32] = {};
    std::size_t stamp_len_ = 0;

    std::mutex write_mutex_;  // one writer at a time: the drainer or flush()
    std::thread drainer_;     // last: started once everything above exists
};

}  // namespace mcustd::httpd
