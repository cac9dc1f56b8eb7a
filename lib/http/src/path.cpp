#include "mcustd/http/path.hpp"

#include <algorithm>

#include "chars.hpp"

namespace mcustd::http {
namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool is_dot_segment(std::string_view seg) noexcept {
    // By characters: at -Os a comparison with a literal is a strlen and a memcmp per segment.
    return (seg.size() == 1 && seg[0] == '.') ||
           (seg.size() == 2 && seg[0] == '.' && seg[1] == '.');
}

// A byte copied as it is: visible ASCII except the separators and the escape character.
bool is_plain(char c) noexcept {
    return (detail::kCharTable[static_cast<unsigned char>(c)] & detail::kTargetChar) != 0 &&
           c != '/' && c != '%' && c != '\\';
}

}  // namespace

NormalisedPath normalise_path(std::string_view raw, std::span<char> out) noexcept {
    NormalisedPath result;
    if (raw.empty() || raw.front() != '/') {
        return result;
    }
    std::size_t w = 0;
    auto put = [&](char c) {
        if (w == out.size()) {
            return false;
        }
        out[w++] = c;
        return true;
    };
    if (!put('/')) {
        result.status = PathStatus::TooLong;
        return result;
    }
    std::size_t seg_start = w;
    for (std::size_t i = 1; i < raw.size(); ++i) {
        // A run of plain bytes (most of a path) is copied in one step, not byte by byte.
        std::size_t run = i;
        while (run < raw.size() && is_plain(raw[run])) {
            ++run;
        }
        if (run > i) {
            if (run - i > out.size() - w) {
                result.status = PathStatus::TooLong;
                return result;
            }
            std::copy(raw.begin() + static_cast<std::ptrdiff_t>(i),
                      raw.begin() + static_cast<std::ptrdiff_t>(run),
                      out.begin() + static_cast<std::ptrdiff_t>(w));
            w += run - i;
            if (run == raw.size()) {
                break;
            }
            i = run;
        }
        char c = raw[i];
        if (c == '/') {
            const std::string_view seg(out.data() + seg_start, w - seg_start);
            if (seg.empty()) {
                continue;  // "//" collapses
            }
            if (is_dot_segment(seg)) {
                return result;
            }
            if (!put('/')) {
                result.status = PathStatus::TooLong;
                return result;
            }
            seg_start = w;
            continue;
        }
        if (c == '%') {
            const int hi = i + 2 < raw.size() ? hex_value(raw[i + 1]) : -1;
            const int lo = hi >= 0 ? hex_value(raw[i + 2]) : -1;
            if (lo < 0) {
                return result;
            }
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
            if (c == '/') {
                return result;  // an encoded separator would hide a segment boundary
            }
        }
        const auto u = static_cast<unsigned char>(c);
        if (c == '\\' || u < 0x20 || u == 0x7f) {
            return result;  // NUL, controls, and the other separator some systems honour
        }
        if (!put(c)) {
            result.status = PathStatus::TooLong;
            return result;
        }
    }
    const std::string_view last(out.data() + seg_start, w - seg_start);
    if (is_dot_segment(last)) {
        return result;
    }
    result.status = PathStatus::Ok;
    result.path = std::string_view(out.data(), w);
    result.trailing_slash = last.empty();
    return result;
}

}  // namespace mcustd::http
