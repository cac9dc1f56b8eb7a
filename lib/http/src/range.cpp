#include "range.hpp"

#include <array>
#include <limits>

#include "chars.hpp"
#include "mcustd/http/request.hpp"

namespace mcustd::http::detail {
namespace {

constexpr std::uint64_t kHuge = std::numeric_limits<std::uint64_t>::max();

// Decimal digits, saturating at kHuge (a larger position is beyond any file anyway). False if
// `s` is empty or holds a non-digit.
bool read_number(std::string_view s, std::uint64_t& out) noexcept {
    if (s.empty()) {
        return false;
    }
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
        const auto d = static_cast<std::uint64_t>(c - '0');
        v = v > (kHuge - d) / 10 ? kHuge : v * 10 + d;
    }
    out = v;
    return true;
}

struct Span {
    std::uint64_t first;
    std::uint64_t last;  // inclusive
};

}  // namespace

RangeAnswer evaluate_range(std::string_view field, std::uint64_t size) noexcept {
    RangeAnswer answer;
    const std::size_t eq = field.find('=');
    if (eq == std::string_view::npos || !iequals(trim_ows(field.substr(0, eq)), "bytes")) {
        return answer;  // another unit (or none): the field does not apply
    }
    std::array<Span, kMaxRanges> spans{};
    int count = 0;
    int specs = 0;
    std::string_view rest = field.substr(eq + 1);
    while (!rest.empty() || specs == 0) {
        const std::size_t comma = rest.find(',');
        const std::string_view spec = trim_ows(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (spec.empty()) {
            if (comma == std::string_view::npos && specs == 0) {
                answer.kind = RangeAnswer::Kind::Unsatisfiable;  // "bytes=": no range at all
                return answer;
            }
            continue;  // empty list elements are allowed (RFC 9110 5.6.1)
        }
        if (++specs > kMaxRanges) {
            return RangeAnswer{};
        }
        const std::size_t dash = spec.find('-');
        if (dash == std::string_view::npos) {
            answer.kind = RangeAnswer::Kind::Unsatisfiable;
            return answer;
        }
        std::uint64_t first = 0;
        std::uint64_t last = 0;
        bool ok = true;
        if (dash == 0) {  // suffix: the last N bytes
            std::uint64_t n = 0;
            ok = read_number(spec.substr(1), n);
            if (ok && n > 0 && size > 0) {
                spans[static_cast<std::size_t>(count++)] = {n >= size ? 0 : size - n, size - 1};
            }
        } else {
            ok = read_number(spec.substr(0, dash), first);
            const std::string_view tail = spec.substr(dash + 1);
            if (ok && tail.empty()) {
                last = kHuge;  // open-ended
            } else if (ok) {
                ok = read_number(tail, last) && last >= first;
            }
            if (ok && first < size) {
                spans[static_cast<std::size_t>(count++)] = {first, last < size ? last : size - 1};
            }
        }
        if (!ok) {
            answer.kind = RangeAnswer::Kind::Unsatisfiable;  // malformed: as nginx and lighttpd
            return answer;
        }
    }
    if (count == 0) {
        answer.kind = RangeAnswer::Kind::Unsatisfiable;
        return answer;
    }
    // Insertion sort by start (at most kMaxRanges), then merge.
    for (std::size_t i = 1; i < static_cast<std::size_t>(count); ++i) {
        const Span s = spans[i];
        std::size_t j = i;  // the slot s goes to
        while (j > 0 && spans[j - 1].first > s.first) {
            spans[j] = spans[j - 1];
            --j;
        }
        spans[j] = s;
    }
    Span merged = spans[0];
    for (int i = 1; i < count; ++i) {
        const Span s = spans[static_cast<std::size_t>(i)];
        if (s.first > merged.last && s.first - merged.last > kRangeCoalesceGap) {
            return RangeAnswer{};  // two separate parts: multipart is not offered, send it all
        }
        merged.last = s.last > merged.last ? s.last : merged.last;
    }
    answer.kind = RangeAnswer::Kind::Partial;
    answer.first = merged.first;
    answer.length = merged.last - merged.first + 1;
    return answer;
}

}  // namespace mcustd::http::detail
