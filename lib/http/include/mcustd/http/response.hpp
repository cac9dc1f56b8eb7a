// Response: what the engine sends for one request — a ready head (status line + header fields +
// empty line) and a body described, not copied. Sending: ONE writev of {head, body.memory}; or for
// a File body, the head with MSG_MORE/TCP_CORK or writev, then sendfile(fd, offset, length) where
// the OS has it (Linux), read+write elsewhere. Never send the head and a small body as two separate
// writes: that is the 40 ms Nagle / delayed-ACK stall.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>

#include "mcustd/http/request.hpp"

namespace mcustd::http {

// Sole owner of an open file descriptor (a file for DirSite bodies); closed on destruction.
class FileHandle {
  public:
    FileHandle() noexcept = default;
    explicit FileHandle(int fd) noexcept : fd_(fd) {}
    ~FileHandle() { reset(); }
    FileHandle(FileHandle&& o) noexcept : fd_(o.release()) {}
    FileHandle& operator=(FileHandle&& o) noexcept {
        if (this != &o) {
            reset(o.release());
        }
        return *this;
    }
    FileHandle(const FileHandle&) = delete;
    FileHandle& operator=(const FileHandle&) = delete;

    [[nodiscard]] int get() const noexcept { return fd_; }
    [[nodiscard]] bool valid() const noexcept { return fd_ >= 0; }
    [[nodiscard]] int release() noexcept {
        int fd = fd_;
        fd_ = -1;
        return fd;
    }
    void reset(int fd = -1) noexcept;

  private:
    int fd_ = -1;
};

// Only a Unix host's DirSite cache shares descriptors between responses (dir_site.hpp). The MCU's
// Body has no field for it: a worker's frames hold several Bodies, and its stack budget is 1.5 KiB
// (test firmware_web_bench_ram), which 8 more bytes each overran.
#if defined(__unix__) || defined(__APPLE__)
#define MCUSTD_HTTP_SHARED_FILES 1
#else
#define MCUSTD_HTTP_SHARED_FILES 0
#endif

struct Body {
    enum class Kind : std::uint8_t { None, Memory, File };
    Kind kind = Kind::None;
    // Memory: a zero-copy span valid while the Site (its romfs image) lives, or static storage,
    // or while `owner` lives (a DirSite cache entry, kept until the response is sent even if the
    // cache drops or replaces it meanwhile).
    std::span<const std::byte> memory;
    std::shared_ptr<const void> owner;
    // File: send `length` bytes starting at `offset` of fd(): `file`, which this response owns,
    // or else (Unix hosts) `shared_fd`, a descriptor that `owner` keeps open (a DirSite cache entry
    // shared by concurrent responses; senders use sendfile/pread with an offset, never the file
    // position).
    FileHandle file;
#if MCUSTD_HTTP_SHARED_FILES
    int shared_fd = -1;
#endif
    std::uint64_t offset = 0;
    std::uint64_t length = 0;

    [[nodiscard]] int fd() const noexcept {
#if MCUSTD_HTTP_SHARED_FILES
        return file.valid() ? file.get() : shared_fd;
#else
        return file.get();
#endif
    }

    // Bytes the engine sends after the head.
    [[nodiscard]] std::uint64_t size() const noexcept {
        return kind == Kind::Memory ? memory.size() : kind == Kind::File ? length : 0;
    }
};

struct Response {
    int status = 0;
    std::string_view head;    // points into the buffer given to the handler / error_response()
    Body body;                // Kind::None for HEAD, 304 and errors without a body
    bool keep_alive = false;  // false: close the connection once this response is sent
};

// Reason phrase of a status code ("Not Found"); "Unknown" for codes this library never sends.
[[nodiscard]] std::string_view reason_phrase(int status) noexcept;

// Writes a response head into a caller-provided buffer (reused across requests, no allocation).
// Fields come out in call order; finish() appends Content-Length (always), Connection and the
// empty line. If the buffer is too small, ok() turns false and finish() returns an empty view.
class HeadWriter {
  public:
    explicit HeadWriter(std::span<char> buffer) noexcept : buf_(buffer) {}

    // "HTTP/1.1 <status> <reason>\r\n", the Server field, and Date while the wall clock is set
    // (wall_clock_now() in date.hpp).
    void status_line(int status) noexcept;
    void field(std::string_view name, std::string_view value) noexcept;
    // Complete field lines as they are, each ending in CRLF (a constant such as
    // "Accept-Ranges: bytes\r\n").
    void lines(std::string_view complete) noexcept { append(complete); }
    // `keep_alive`: HTTP/1.1 answers need no field, so only "Connection: close" is written unless
    // `say_keep_alive` (an HTTP/1.0 client that asked for keep-alive).
    [[nodiscard]] std::string_view finish(std::uint64_t content_length, bool keep_alive,
                                          bool say_keep_alive) noexcept;
    [[nodiscard]] bool ok() const noexcept { return ok_; }

  private:
    // Inline: a head is ~20 short appends, most of constant length.
    void append(std::string_view s) noexcept {
        if (!ok_ || s.size() > buf_.size() - len_) {
            ok_ = false;
            return;
        }
        std::memcpy(buf_.data() + len_, s.data(), s.size());
        len_ += s.size();
    }
    std::span<char> buf_;
    std::size_t len_ = 0;
    bool ok_ = true;
};

inline constexpr std::string_view kServerName = "mcustd";
// A buffer this large holds any head this library writes (ETag and MIME included).
inline constexpr std::size_t kMinHeadBuffer = 512;

// A complete error response with a short HTML body in static storage (a Memory body; no body for
// `head_only`, i.e. a HEAD request). 405 carries "Allow: GET, HEAD". Usable by the engine for
// parse errors (then keep_alive = false) and for 503 when over --max-connections.
// `say_keep_alive`: add "Connection: keep-alive" (an HTTP/1.0 client that asked to keep it).
// `extra`: one more field when its name is not empty (Location of a 301, Content-Range of a 416).
[[nodiscard]] Response error_response(int status, std::span<char> head_buffer, bool keep_alive,
                                      bool head_only = false, bool say_keep_alive = false,
                                      HeaderField extra = {}) noexcept;

}  // namespace mcustd::http
