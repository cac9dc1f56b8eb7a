// RequestParser: incremental HTTP/1.0 and 1.1 request-head parser with early limits.
//
// One parser per connection. The engine keeps the unconsumed received bytes in its own buffer and
// passes all of them on every call:
//
//     ParseResult r = parser.parse(std::string_view(buf, len));
//     // drop r.consumed bytes from the front of buf, whatever the outcome:
//     //   NeedMore: read more, call again (consumed may be > 0: skipped body or blank lines)
//     //   Complete: r.request (views into buf: use them BEFORE dropping) — answer it, then
//     //             call parse again on what is left: pipelined requests come out in order
//     //   Error:    answer r.error_status (error_response()) and close the connection
//
// The parser remembers how far it has scanned, so bytes arriving one at a time cost O(total)
// rather than O(n^2), and it never allocates. Limits are checked on partial input: a 100 KB header
// is refused as soon as 16 KiB + 1 bytes of it have arrived, so the engine never needs a buffer
// larger than kMaxRequestLine + kMaxHeaderBytes + a little (see kRecommendedBufferSize).
//
// Request bodies: a request with Content-Length or "Transfer-Encoding: chunked" (any method, GET
// and HEAD included) is parsed, and its body is skipped by the following parse() calls (reported
// as consumed bytes; a chunked body is decoded byte by byte, its extensions and trailer fields
// discarded), so the next pipelined request still parses. Bodies larger than kMaxSkippedBody are
// refused with 413 (a chunked one when its sizes add up past it). Framing a proxy could read
// differently is refused with 400: Transfer-Encoding together with Content-Length, a repeated
// Transfer-Encoding field or a list of codings, Transfer-Encoding in HTTP/1.0, a malformed chunk
// size or missing CRLF. Another single coding (gzip) gets 501.
//
// Status codes of errors: 414 request line > kMaxRequestLine bytes (CRLF excluded); 431 header
// field lines > kMaxHeaderBytes bytes in total (each line counted with its CRLF, the final empty
// line not counted) or > kMaxHeaderFields fields; 505 a well-formed version other than
// 1.x (1.2 and up are served as 1.1);
// 413 body too large; 400 anything malformed (method token, target, field syntax, obs-fold, bare
// CR, control characters, invalid or conflicting Content-Length, duplicate Host, HTTP/1.1 without
// Host, a Host that is no uri-host[:port]). Lines may end in CRLF or a bare LF (RFC 9112 2.2 allows
// accepting LF).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mcustd/http/request.hpp"

namespace mcustd::http {

// The request-line and header limits are the build's: the host's below; the MCU's smaller
// (lib/http/CMakeLists.txt), since every worker keeps a buffer that can hold the longest path and
// a 192 KiB part cannot give four workers 8 KiB each.
#ifndef MCUSTD_HTTP_MAX_REQUEST_LINE
#define MCUSTD_HTTP_MAX_REQUEST_LINE 8192
#endif
#ifndef MCUSTD_HTTP_MAX_HEADER_BYTES
#define MCUSTD_HTTP_MAX_HEADER_BYTES 16384
#endif
inline constexpr std::size_t kMaxRequestLine = MCUSTD_HTTP_MAX_REQUEST_LINE;
inline constexpr std::size_t kMaxHeaderBytes = MCUSTD_HTTP_MAX_HEADER_BYTES;
inline constexpr std::size_t kMaxHeaderFields = 100;
inline constexpr std::uint64_t kMaxSkippedBody = std::uint64_t{1024} * 1024;
// A Content-Length body up to this size is delivered with its request (Request::body): the
// parser answers NeedMore until it has all arrived. Larger ones, and chunked ones, are skipped.
inline constexpr std::uint64_t kMaxBufferedBody = 4096;
// Chunk extensions (ignored) longer than this on one size line → 400.
inline constexpr std::size_t kMaxChunkExtension = 1024;
// A receive buffer this large can hold any request head the parser accepts.
inline constexpr std::size_t kRecommendedBufferSize = kMaxRequestLine + kMaxHeaderBytes + 16;

enum class ParseStatus : std::uint8_t { NeedMore, Complete, Error };

struct ParseResult {
    ParseStatus status = ParseStatus::NeedMore;
    std::size_t consumed = 0;  // drop this many bytes from the front of the buffer
    int error_status = 0;  // with Error: the HTTP status to answer (400, 413, 414, 431, 501, 505)
    Request request;       // with Complete
};

class RequestParser {
  public:
    // `buffer` = every byte received and not yet consumed, starting where the previous call's
    // `consumed` ended. Passing fewer bytes than a previous call is not allowed.
    [[nodiscard]] ParseResult parse(std::string_view buffer) noexcept;

    // Forgets everything (a new connection). After Error the parser stays in error until reset.
    void reset() noexcept { *this = RequestParser(); }

    // True while a Complete request's body is still being skipped.
    [[nodiscard]] bool skipping_body() const noexcept {
        return body_left_ > 0 || chunk_state_ != ChunkState::None;
    }

  private:
    enum class ChunkState : std::uint8_t {
        None,          // no chunked body in progress
        Size,          // hex digits of a chunk size
        Extension,     // after the size: ";name=value" ignored up to the line end
        SizeLf,        // CR seen at the end of a size line
        Data,          // chunk_left_ data bytes to skip
        DataCr,        // the CRLF after the data
        DataLf,        //
        TrailerStart,  // start of a trailer line, or the final empty line
        Trailer,       // inside a trailer field line
        TrailerLf,     // CR seen at the end of a trailer line
        EndLf,         // CR of the final empty line seen
    };
    // Skips chunked-body bytes from the front of `buf`; sets `used`. 0 or the status to answer.
    int skip_chunked(std::string_view buf, std::size_t& used) noexcept;
    void end_size_line() noexcept;

    // Scan state for the request head in progress, relative to its first byte.
    std::size_t scanned_ = 0;             // bytes examined so far
    std::size_t line_start_ = 0;          // start of the line being scanned
    std::size_t request_line_start_ = 0;  // after blank lines that preceded it
    std::size_t header_bytes_ = 0;        // field-line bytes so far
    std::size_t field_count_ = 0;
    std::size_t request_line_end_ = 0;  // offset after the request line's LF; 0 = not yet
    std::uint64_t body_left_ = 0;       // body bytes of the previous request still to skip
    std::uint64_t chunk_left_ = 0;      // size being read, then data bytes left of this chunk
    std::uint64_t chunk_total_ = 0;     // data bytes of this chunked body so far
    std::size_t chunk_line_ = 0;        // extension bytes of this size line, or trailer bytes
    std::uint8_t chunk_digits_ = 0;
    ChunkState chunk_state_ = ChunkState::None;
    bool method_seen_ = false;  // the early method check of the partial request line is over
    int error_ = 0;             // sticky error status
};

}  // namespace mcustd::http
