#include "mcustd/http/json.hpp"

#include <charconv>
#include <cstring>

namespace mcustd::http {

void JsonWriter::put(std::string_view s) noexcept {
    if (!ok_ || s.size() > out_.size() - len_) {
        ok_ = false;
        return;
    }
    if (s.empty()) {
        return;  // an empty view may have a null data(): memcpy must not see it, even for 0 bytes
    }
    std::memcpy(out_.data() + len_, s.data(), s.size());
    len_ += s.size();
}

void JsonWriter::before_value() noexcept {
    if (depth_ == 0) {
        if (len_ > 0) {
            ok_ = false;  // a second top-level value
        }
        return;
    }
    const std::uint32_t bit = std::uint32_t{1} << (depth_ - 1);
    if ((in_object_ & bit) != 0) {
        if (!after_key_) {
            ok_ = false;  // an object member needs its key first
        }
        after_key_ = false;
        return;
    }
    if ((has_item_ & bit) != 0) {
        put(',');
    }
    has_item_ |= bit;
}

JsonWriter& JsonWriter::open(char c) noexcept {
    before_value();
    if (depth_ == 32) {
        ok_ = false;
        return *this;
    }
    put(c);
    ++depth_;
    const std::uint32_t bit = std::uint32_t{1} << (depth_ - 1);
    in_object_ = c == '{' ? (in_object_ | bit) : (in_object_ & ~bit);
    has_item_ &= ~bit;
    return *this;
}

JsonWriter& JsonWriter::close(char c) noexcept {
    const std::uint32_t bit = depth_ > 0 ? std::uint32_t{1} << (depth_ - 1) : 0;
    if (depth_ == 0 || after_key_ || ((in_object_ & bit) != 0) != (c == '}')) {
        ok_ = false;
        return *this;
    }
    put(c);
    --depth_;
    return *this;
}

JsonWriter& JsonWriter::key(const char* name, std::size_t size) noexcept {
    const std::uint32_t bit = depth_ > 0 ? std::uint32_t{1} << (depth_ - 1) : 0;
    if (depth_ == 0 || (in_object_ & bit) == 0 || after_key_) {
        ok_ = false;
        return *this;
    }
    if ((has_item_ & bit) != 0) {
        put(',');
    }
    has_item_ |= bit;
    put_string(std::string_view(name, size));
    put(':');
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) noexcept {
    before_value();
    put_string(s);
    return *this;
}

void JsonWriter::put_string(std::string_view s) noexcept {
    static constexpr char kHex[] = "0123456789abcdef";
    put('"');
    std::size_t run = 0;  // start of the bytes not yet written that need no escape
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto u = static_cast<unsigned char>(s[i]);
        if (u >= 0x20 && s[i] != '"' && s[i] != '\\') {
            continue;
        }
        put(s.substr(run, i - run));
        run = i + 1;
        if (s[i] == '"' || s[i] == '\\') {
            const char esc[2] = {'\\', s[i]};
            put({esc, 2});
        } else {
            const char esc[6] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 0xf]};
            put({esc, 6});
        }
    }
    put(s.substr(run));
    put('"');
}

JsonWriter& JsonWriter::value(std::int64_t n) noexcept {
    before_value();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    put({digits, static_cast<std::size_t>(end - digits)});
    return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t n) noexcept {
    before_value();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    put({digits, static_cast<std::size_t>(end - digits)});
    return *this;
}

JsonWriter& JsonWriter::value(bool b) noexcept {
    before_value();
    put(b ? "true" : "false");
    return *this;
}

JsonWriter& JsonWriter::null() noexcept {
    before_value();
    put("null");
    return *this;
}

}  // namespace mcustd::http
