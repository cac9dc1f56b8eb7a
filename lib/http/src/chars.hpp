// Character classes of RFC 9110 / 9112, as tables: the parser tests every byte once.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace mcustd::http::detail {

enum CharClass : std::uint8_t {
    kTchar = 1,       // token characters (method, field name)
    kFieldValue = 2,  // VCHAR, obs-text, SP, HTAB
    kTargetChar = 4,  // visible ASCII: the parser accepts any of it in a request-target
    kHostChar = 8,    // RFC 3986 unreserved / sub-delims: a reg-name's bytes besides %XX
};

constexpr std::array<std::uint8_t, 256> make_char_table() {
    std::array<std::uint8_t, 256> t{};
    constexpr std::string_view tchar_punct = "!#$%&'*+-.^_`|~";
    constexpr std::string_view host_punct = "-._~!$&'()*+,;=";
    for (int c = 0; c < 256; ++c) {
        const bool alnum =
            (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (alnum || tchar_punct.find(static_cast<char>(c)) != std::string_view::npos) {
            t[c] |= kTchar;
        }
        if ((c >= 0x21 && c <= 0x7e) || c >= 0x80 || c == ' ' || c == '\t') {
            t[c] |= kFieldValue;
        }
        if (c >= 0x21 && c <= 0x7e) {
            t[c] |= kTargetChar;
        }
        if (alnum || host_punct.find(static_cast<char>(c)) != std::string_view::npos) {
            t[c] |= kHostChar;
        }
    }
    return t;
}

inline constexpr std::array<std::uint8_t, 256> kCharTable = make_char_table();

inline bool all_of_class(std::string_view s, std::uint8_t cls) noexcept {
    for (char c : s) {
        if ((kCharTable[static_cast<unsigned char>(c)] & cls) == 0) {
            return false;
        }
    }
    return true;
}

// s.find_first_of(set) for a short set in one pass: the library's version calls memchr over the
// set once per byte of s (at -Os on the MCU it was most of the request-target split's cost).
inline std::size_t find_first_in(std::string_view s, std::string_view set) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i) {
        for (const char c : set) {
            if (s[i] == c) {
                return i;
            }
        }
    }
    return std::string_view::npos;
}

// s.find(c) as a plain loop: the library's calls memchr, whose call and set-up cost more than
// the scan itself on the short lines and fields of a request head (-Os keeps it out of line).
inline std::size_t find_byte(std::string_view s, char c) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == c) {
            return i;
        }
    }
    return std::string_view::npos;
}

// s.substr(0, n) and s.substr(pos) for positions the caller has checked (n, pos <= size): no
// out_of_range test, which at -Os is a call per substr on every line of every request.
inline std::string_view first_n(std::string_view s, std::size_t n) noexcept {
    return {s.data(), n};
}
inline std::string_view from_pos(std::string_view s, std::size_t pos) noexcept {
    return {s.data() + pos, s.size() - pos};
}

constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string_view trim_ows(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace mcustd::http::detail
