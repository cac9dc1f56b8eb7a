// The wchar_t code conversions picolibc's prebuilt libstdc++.a leaves out. That library was
// configured without wchar_t, yet the headers shipped with it (newlib's c++config.h defines
// _GLIBCXX_USE_WCHAR_T) declare codecvt<wchar_t, char, mbstate_t> and the <codecvt> facets for
// wchar_t as defined in the library: std::filesystem::path's wide conversions (through
// codecvt_utf8<wchar_t>) and std::wstring_convert failed to link (11 libstdc++ suite tests).
// Written here from those declarations. wchar_t is 32 bits on arm-none-eabi, so an element holds
// a whole code point, except in codecvt_utf8_utf16 where it holds one UTF-16 code unit.
//
// As in libstdc++, the <codecvt> facets keep no state between calls: a header (byte order mark)
// is consumed or generated at the start of every call that asks for it.
#include <climits>
#include <codecvt>
#include <cstdint>
#include <cstring>
#include <cwchar>
#include <locale>

static_assert(sizeof(wchar_t) == 4, "an element holds a whole code point");

namespace {

using Result = std::codecvt_base::result;

// read_*() results that are not code points.
constexpr char32_t kIncomplete = 0xFFFF'FFFE;  // valid so far, more input needed
constexpr char32_t kInvalid = 0xFFFF'FFFF;

constexpr unsigned char kUtf8Bom[] = {0xEF, 0xBB, 0xBF};

bool is_surrogate(char32_t c) {
    return c >= 0xD800 && c <= 0xDFFF;
}

// A code point above U+FFFF from its UTF-16 surrogate pair, and back.
char32_t from_pair(char32_t high, char32_t low) {
    return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
}

std::uint16_t high_half(char32_t c) {
    return static_cast<std::uint16_t>(0xD800 + ((c - 0x10000) >> 10));
}

std::uint16_t low_half(char32_t c) {
    return static_cast<std::uint16_t>(0xDC00 + ((c - 0x10000) & 0x3FF));
}

// One code point of at most `maxcode` from the UTF-8 at p; p moves past it only when it is whole
// and valid (overlong forms and surrogates are invalid).
char32_t read_utf8(const char*& p, const char* end, unsigned long maxcode) {
    const auto* s = reinterpret_cast<const unsigned char*>(p);
    const auto avail = static_cast<std::size_t>(end - p);
    std::size_t len = 1;
    char32_t c = s[0];
    char32_t least = 0;
    if (c >= 0xF5 || (c >= 0x80 && c < 0xC2)) {
        return kInvalid;  // not a lead byte, or the lead of an overlong 2-byte form
    }
    if (c >= 0xF0) {
        len = 4, c &= 0x07, least = 0x10000;
    } else if (c >= 0xE0) {
        len = 3, c &= 0x0F, least = 0x800;
    } else if (c >= 0x80) {
        len = 2, c &= 0x1F, least = 0x80;
    }
    for (std::size_t i = 1; i < len; ++i) {
        if (i >= avail) {
            return kIncomplete;
        }
        if ((s[i] & 0xC0) != 0x80) {
            return kInvalid;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < least || is_surrogate(c) || c > maxcode) {
        return kInvalid;
    }
    p += len;
    return c;
}

// Writes `c` (a valid code point) as UTF-8 if it fits before `end`.
bool write_utf8(char32_t c, char*& p, const char* end) {
    const std::size_t len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (static_cast<std::size_t>(end - p) < len) {
        return false;
    }
    auto* d = reinterpret_cast<unsigned char*>(p);
    if (len == 1) {
        d[0] = static_cast<unsigned char>(c);
    } else {
        static constexpr unsigned char kLead[] = {0, 0, 0xC0, 0xE0, 0xF0};
        for (std::size_t i = len - 1; i > 0; --i) {
            d[i] = static_cast<unsigned char>(0x80 | (c & 0x3F));
            c >>= 6;
        }
        d[0] = static_cast<unsigned char>(kLead[len] | c);
    }
    p += len;
    return true;
}

bool skip_utf8_bom(const char*& p, const char* end) {
    if (end - p >= 3 && std::memcmp(p, kUtf8Bom, 3) == 0) {
        p += 3;
        return true;
    }
    return false;
}

bool write_bytes(const unsigned char* bytes, std::size_t n, char*& p, const char* end) {
    if (static_cast<std::size_t>(end - p) < n) {
        return false;
    }
    std::memcpy(p, bytes, n);
    p += n;
    return true;
}

// UTF-16 as bytes, in either order.
std::uint16_t get_unit(const char* p, bool little) {
    const auto* s = reinterpret_cast<const unsigned char*>(p);
    return static_cast<std::uint16_t>(little ? s[0] | (s[1] << 8) : (s[0] << 8) | s[1]);
}

void put_unit(std::uint16_t u, char* p, bool little) {
    auto* d = reinterpret_cast<unsigned char*>(p);
    d[little ? 1 : 0] = static_cast<unsigned char>(u >> 8);
    d[little ? 0 : 1] = static_cast<unsigned char>(u & 0xFF);
}

char32_t read_utf16(const char*& p, const char* end, unsigned long maxcode, bool little) {
    if (end - p < 2) {
        return kIncomplete;
    }
    char32_t c = get_unit(p, little);
    std::size_t len = 2;
    if (c >= 0xDC00 && c <= 0xDFFF) {
        return kInvalid;  // a low surrogate first
    }
    if (c >= 0xD800 && c <= 0xDBFF) {
        if (end - p < 4) {
            return kIncomplete;
        }
        const char32_t low = get_unit(p + 2, little);
        if (low < 0xDC00 || low > 0xDFFF) {
            return kInvalid;
        }
        c = from_pair(c, low);
        len = 4;
    }
    if (c > maxcode) {
        return kInvalid;
    }
    p += len;
    return c;
}

bool write_utf16(char32_t c, char*& p, const char* end, bool little) {
    if (c < 0x10000) {
        if (end - p < 2) {
            return false;
        }
        put_unit(static_cast<std::uint16_t>(c), p, little);
        p += 2;
        return true;
    }
    if (end - p < 4) {
        return false;
    }
    put_unit(high_half(c), p, little);
    put_unit(low_half(c), p + 2, little);
    p += 4;
    return true;
}

// A UTF-16 byte order mark read at p, if any: it also sets the order for the rest of the call.
void skip_utf16_bom(const char*& p, const char* end, bool& little) {
    if (end - p >= 2) {
        const auto* s = reinterpret_cast<const unsigned char*>(p);
        if (s[0] == 0xFE && s[1] == 0xFF) {
            little = false, p += 2;
        } else if (s[0] == 0xFF && s[1] == 0xFE) {
            little = true, p += 2;
        }
    }
}

// The shape every do_in shares: decode one code point at a time with `read` and store it with
// `store` (false: no room) until the input ends or an error.
template <typename Read, typename Store>
Result decode_all(const char*& from, const char* from_end, Read read, Store store) {
    while (from != from_end) {
        const char* p = from;
        const char32_t c = read(p);
        if (c == kIncomplete) {
            return std::codecvt_base::partial;
        }
        if (c == kInvalid) {
            return std::codecvt_base::error;
        }
        if (!store(c)) {
            return std::codecvt_base::partial;
        }
        from = p;
    }
    return std::codecvt_base::ok;
}

// do_length: the bytes that decode to at most `max` elements (`units(c)` each).
template <typename Read, typename Units>
int length_of(const char* from, const char* end, std::size_t max, Read read, Units units) {
    const char* p = from;
    std::size_t n = 0;
    while (p != end) {
        const char* q = p;
        const char32_t c = read(q);
        if (c == kIncomplete || c == kInvalid || n + units(c) > max) {
            break;
        }
        n += units(c);
        p = q;
    }
    return static_cast<int>(p - from);
}

bool bad_code_point(char32_t c, unsigned long maxcode) {
    return is_surrogate(c) || c > maxcode;
}

// The do_out of the facets whose elements hold whole code points: each one checked, then
// written by `write` (false: no room).
template <typename Write>
Result encode_all(const wchar_t*& from, const wchar_t* from_end, unsigned long maxcode,
                  Write write) {
    for (; from != from_end; ++from) {
        const auto c = static_cast<char32_t>(*from);
        if (bad_code_point(c, maxcode)) {
            return std::codecvt_base::error;
        }
        if (!write(c)) {
            return std::codecvt_base::partial;
        }
    }
    return std::codecvt_base::ok;
}

// decode_all's store for those facets: one element per code point.
auto store_whole(wchar_t*& to, wchar_t* to_end) {
    return [&to, to_end](char32_t c) {
        if (to == to_end) {
            return false;
        }
        *to++ = static_cast<wchar_t>(c);
        return true;
    };
}

}  // namespace

namespace std {

// codecvt_utf8<wchar_t>: UTF-32 elements, UTF-8 bytes.

__codecvt_utf8_base<wchar_t>::~__codecvt_utf8_base() = default;

codecvt_base::result __codecvt_utf8_base<wchar_t>::do_out(state_type&, const intern_type* from,
                                                          const intern_type* from_end,
                                                          const intern_type*& from_next,
                                                          extern_type* to, extern_type* to_end,
                                                          extern_type*& to_next) const {
    from_next = from, to_next = to;
    if ((_M_mode & generate_header) != 0 && !write_bytes(kUtf8Bom, 3, to_next, to_end)) {
        return partial;
    }
    return encode_all(from_next, from_end, _M_maxcode,
                      [&](char32_t c) { return write_utf8(c, to_next, to_end); });
}

codecvt_base::result __codecvt_utf8_base<wchar_t>::do_unshift(state_type&, extern_type* to,
                                                              extern_type*,
                                                              extern_type*& to_next) const {
    to_next = to;
    return noconv;
}

codecvt_base::result __codecvt_utf8_base<wchar_t>::do_in(state_type&, const extern_type* from,
                                                         const extern_type* from_end,
                                                         const extern_type*& from_next,
                                                         intern_type* to, intern_type* to_end,
                                                         intern_type*& to_next) const {
    from_next = from, to_next = to;
    if ((_M_mode & consume_header) != 0) {
        skip_utf8_bom(from_next, from_end);
    }
    return decode_all(
        from_next, from_end, [&](const char*& p) { return read_utf8(p, from_end, _M_maxcode); },
        store_whole(to_next, to_end));
}

int __codecvt_utf8_base<wchar_t>::do_encoding() const throw() {
    return 0;  // variable width
}

bool __codecvt_utf8_base<wchar_t>::do_always_noconv() const throw() {
    return false;
}

int __codecvt_utf8_base<wchar_t>::do_length(state_type&, const extern_type* from,
                                            const extern_type* end, size_t max) const {
    const char* start = from;
    if ((_M_mode & consume_header) != 0) {
        skip_utf8_bom(from, end);
    }
    return static_cast<int>(from - start) +
           length_of(
               from, end, max, [&](const char*& p) { return read_utf8(p, end, _M_maxcode); },
               [](char32_t) { return 1u; });
}

int __codecvt_utf8_base<wchar_t>::do_max_length() const throw() {
    return (_M_mode & consume_header) != 0 ? 7 : 4;
}

// codecvt_utf16<wchar_t>: UTF-32 elements, UTF-16 bytes (big-endian unless little_endian).

__codecvt_utf16_base<wchar_t>::~__codecvt_utf16_base() = default;

codecvt_base::result __codecvt_utf16_base<wchar_t>::do_out(state_type&, const intern_type* from,
                                                           const intern_type* from_end,
                                                           const intern_type*& from_next,
                                                           extern_type* to, extern_type* to_end,
                                                           extern_type*& to_next) const {
    const bool little = (_M_mode & little_endian) != 0;
    from_next = from, to_next = to;
    if ((_M_mode & generate_header) != 0 && !write_utf16(0xFEFF, to_next, to_end, little)) {
        return partial;
    }
    return encode_all(from_next, from_end, _M_maxcode,
                      [&](char32_t c) { return write_utf16(c, to_next, to_end, little); });
}

codecvt_base::result __codecvt_utf16_base<wchar_t>::do_unshift(state_type&, extern_type* to,
                                                               extern_type*,
                                                               extern_type*& to_next) const {
    to_next = to;
    return noconv;
}

codecvt_base::result __codecvt_utf16_base<wchar_t>::do_in(state_type&, const extern_type* from,
                                                          const extern_type* from_end,
                                                          const extern_type*& from_next,
                                                          intern_type* to, intern_type* to_end,
                                                          intern_type*& to_next) const {
    bool little = (_M_mode & little_endian) != 0;
    from_next = from, to_next = to;
    if ((_M_mode & consume_header) != 0) {
        skip_utf16_bom(from_next, from_end, little);
    }
    // An odd byte left over is incomplete too: decode_all stops there with `partial`.
    return decode_all(
        from_next, from_end,
        [&](const char*& p) { return read_utf16(p, from_end, _M_maxcode, little); },
        store_whole(to_next, to_end));
}

int __codecvt_utf16_base<wchar_t>::do_encoding() const throw() {
    return 0;
}

bool __codecvt_utf16_base<wchar_t>::do_always_noconv() const throw() {
    return false;
}

int __codecvt_utf16_base<wchar_t>::do_length(state_type&, const extern_type* from,
                                             const extern_type* end, size_t max) const {
    bool little = (_M_mode & little_endian) != 0;
    const char* start = from;
    if ((_M_mode & consume_header) != 0) {
        skip_utf16_bom(from, end, little);
    }
    return static_cast<int>(from - start) +
           length_of(
               from, end, max,
               [&](const char*& p) { return read_utf16(p, end, _M_maxcode, little); },
               [](char32_t) { return 1u; });
}

int __codecvt_utf16_base<wchar_t>::do_max_length() const throw() {
    return (_M_mode & consume_header) != 0 ? 6 : 4;
}

// codecvt_utf8_utf16<wchar_t>: UTF-16 code units as elements, UTF-8 bytes.

__codecvt_utf8_utf16_base<wchar_t>::~__codecvt_utf8_utf16_base() = default;

codecvt_base::result __codecvt_utf8_utf16_base<wchar_t>::do_out(
    state_type&, const intern_type* from, const intern_type* from_end,
    const intern_type*& from_next, extern_type* to, extern_type* to_end,
    extern_type*& to_next) const {
    from_next = from, to_next = to;
    if ((_M_mode & generate_header) != 0 && !write_bytes(kUtf8Bom, 3, to_next, to_end)) {
        return partial;
    }
    while (from_next != from_end) {
        auto c = static_cast<char32_t>(from_next[0]);
        std::size_t units = 1;
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (from_end - from_next < 2) {
                return partial;  // the low half is still to come
            }
            const auto low = static_cast<char32_t>(from_next[1]);
            if (low < 0xDC00 || low > 0xDFFF) {
                return error;
            }
            c = from_pair(c, low);
            units = 2;
        }
        if (bad_code_point(c, _M_maxcode)) {
            return error;  // a lone low surrogate, or above maxcode
        }
        if (!write_utf8(c, to_next, to_end)) {
            return partial;
        }
        from_next += units;
    }
    return ok;
}

codecvt_base::result __codecvt_utf8_utf16_base<wchar_t>::do_unshift(state_type&, extern_type* to,
                                                                    extern_type*,
                                                                    extern_type*& to_next) const {
    to_next = to;
    return noconv;
}

codecvt_base::result __codecvt_utf8_utf16_base<wchar_t>::do_in(state_type&, const extern_type* from,
                                                               const extern_type* from_end,
                                                               const extern_type*& from_next,
                                                               intern_type* to, intern_type* to_end,
                                                               intern_type*& to_next) const {
    from_next = from, to_next = to;
    if ((_M_mode & consume_header) != 0) {
        skip_utf8_bom(from_next, from_end);
    }
    return decode_all(
        from_next, from_end, [&](const char*& p) { return read_utf8(p, from_end, _M_maxcode); },
        [&](char32_t c) {
            if (c < 0x10000) {
                if (to_next == to_end) {
                    return false;
                }
                *to_next++ = static_cast<wchar_t>(c);
                return true;
            }
            if (to_end - to_next < 2) {
                return false;  // both halves of the pair, or neither
            }
            *to_next++ = static_cast<wchar_t>(high_half(c));
            *to_next++ = static_cast<wchar_t>(low_half(c));
            return true;
        });
}

int __codecvt_utf8_utf16_base<wchar_t>::do_encoding() const throw() {
    return 0;
}

bool __codecvt_utf8_utf16_base<wchar_t>::do_always_noconv() const throw() {
    return false;
}

int __codecvt_utf8_utf16_base<wchar_t>::do_length(state_type&, const extern_type* from,
                                                  const extern_type* end, size_t max) const {
    const char* start = from;
    if ((_M_mode & consume_header) != 0) {
        skip_utf8_bom(from, end);
    }
    return static_cast<int>(from - start) +
           length_of(
               from, end, max, [&](const char*& p) { return read_utf8(p, end, _M_maxcode); },
               [](char32_t c) { return c < 0x10000 ? 1u : 2u; });
}

int __codecvt_utf8_utf16_base<wchar_t>::do_max_length() const throw() {
    return (_M_mode & consume_header) != 0 ? 7 : 4;
}

// codecvt<wchar_t, char, mbstate_t>: the C library's multibyte conversion (mbrtowc/wcrtomb) in
// the locale the program runs in, as libstdc++'s generic locale model does.

locale::id codecvt<wchar_t, char, mbstate_t>::id;

codecvt<wchar_t, char, mbstate_t>::codecvt(size_t refs)
    : __codecvt_abstract_base<wchar_t, char, mbstate_t>(refs),
      _M_c_locale_codecvt(_S_get_c_locale()) {}

codecvt<wchar_t, char, mbstate_t>::codecvt(__c_locale cloc, size_t refs)
    : __codecvt_abstract_base<wchar_t, char, mbstate_t>(refs),
      _M_c_locale_codecvt(_S_clone_c_locale(cloc)) {}

codecvt<wchar_t, char, mbstate_t>::~codecvt() {
    _S_destroy_c_locale(_M_c_locale_codecvt);
}

codecvt_base::result codecvt<wchar_t, char, mbstate_t>::do_out(state_type& state,
                                                               const intern_type* from,
                                                               const intern_type* from_end,
                                                               const intern_type*& from_next,
                                                               extern_type* to, extern_type* to_end,
                                                               extern_type*& to_next) const {
    from_next = from, to_next = to;
    for (; from_next != from_end; ++from_next) {
        char buf[MB_LEN_MAX];
        mbstate_t next = state;  // committed only with the character's bytes
        const size_t n = wcrtomb(buf, *from_next, &next);
        if (n == static_cast<size_t>(-1)) {
            return error;
        }
        if (n > static_cast<size_t>(to_end - to_next)) {
            return partial;
        }
        memcpy(to_next, buf, n);
        to_next += n;
        state = next;
    }
    return ok;
}

codecvt_base::result codecvt<wchar_t, char, mbstate_t>::do_unshift(state_type& state,
                                                                   extern_type* to,
                                                                   extern_type* to_end,
                                                                   extern_type*& to_next) const {
    to_next = to;
    char buf[MB_LEN_MAX];
    mbstate_t next = state;
    const size_t n = wcrtomb(buf, L'\0', &next);  // the shift sequence, then a NUL
    if (n == static_cast<size_t>(-1)) {
        return error;
    }
    if (n <= 1) {
        return noconv;  // already in the initial state
    }
    if (n - 1 > static_cast<size_t>(to_end - to)) {
        return partial;
    }
    memcpy(to, buf, n - 1);
    to_next = to + (n - 1);
    state = next;
    return ok;
}

codecvt_base::result codecvt<wchar_t, char, mbstate_t>::do_in(state_type& state,
                                                              const extern_type* from,
                                                              const extern_type* from_end,
                                                              const extern_type*& from_next,
                                                              intern_type* to, intern_type* to_end,
                                                              intern_type*& to_next) const {
    from_next = from, to_next = to;
    while (from_next != from_end && to_next != to_end) {
        mbstate_t next = state;
        size_t n = mbrtowc(to_next, from_next, static_cast<size_t>(from_end - from_next), &next);
        if (n == static_cast<size_t>(-1)) {
            return error;
        }
        if (n == static_cast<size_t>(-2)) {
            return partial;  // an incomplete character at the end
        }
        if (n == 0) {
            n = 1;  // a NUL byte
        }
        from_next += n;
        ++to_next;
        state = next;
    }
    return from_next == from_end ? ok : partial;
}

int codecvt<wchar_t, char, mbstate_t>::do_encoding() const throw() {
    return MB_CUR_MAX == 1 ? 1 : 0;
}

bool codecvt<wchar_t, char, mbstate_t>::do_always_noconv() const throw() {
    return false;
}

int codecvt<wchar_t, char, mbstate_t>::do_length(state_type& state, const extern_type* from,
                                                 const extern_type* end, size_t max) const {
    const char* p = from;
    for (size_t n = 0; n < max && p != end; ++n) {
        mbstate_t next = state;
        size_t len = mbrtowc(nullptr, p, static_cast<size_t>(end - p), &next);
        if (len == static_cast<size_t>(-1) || len == static_cast<size_t>(-2)) {
            break;
        }
        p += len == 0 ? 1 : len;
        state = next;
    }
    return static_cast<int>(p - from);
}

int codecvt<wchar_t, char, mbstate_t>::do_max_length() const throw() {
    return static_cast<int>(MB_CUR_MAX);
}

}  // namespace std
