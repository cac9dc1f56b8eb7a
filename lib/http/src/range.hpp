// Range request evaluation (RFC 9110 14): which part of a representation of `size` bytes a Range
// field value asks for. Internal to the static handler.
#pragma once

#include <cstdint>
#include <string_view>

namespace mcustd::http::detail {

struct RangeAnswer {
    enum class Kind : std::uint8_t {
        Full,           // ignore the field: another unit, or parts too far apart (send 200)
        Unsatisfiable,  // 416 with "Content-Range: bytes */size" (also for malformed byte ranges)
        Partial,        // 206 with first .. first + length - 1
    };
    Kind kind = Kind::Full;
    std::uint64_t first = 0;
    std::uint64_t length = 0;
};

// Ranges that overlap or lie closer together than this are sent as one part: about the cost of
// one multipart part's boundary and fields (RFC 9110 14.2 allows coalescing such ranges).
inline constexpr std::uint64_t kRangeCoalesceGap = 80;
// A field with more ranges than this is ignored (200): a bounded amount of work per request.
inline constexpr int kMaxRanges = 16;

// Unsatisfiable ranges are dropped (as nginx and lighttpd do); the rest, sorted and merged where
// they overlap or lie within kRangeCoalesceGap, must form one part, else the whole representation
// is sent (no multipart/byteranges: a body is one zero-copy span or one sendfile region).
[[nodiscard]] RangeAnswer evaluate_range(std::string_view field, std::uint64_t size) noexcept;

}  // namespace mcustd::http::detail
