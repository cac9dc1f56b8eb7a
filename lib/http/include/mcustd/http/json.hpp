// JsonWriter: JSON text into a caller's fixed buffer, no allocation. Nesting is tracked in a bit
// mask (depth <= 32), commas are placed automatically; any overflow or misuse turns ok() false
// and freezes the output, so a handler checks once at the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace mcustd::http {

class JsonWriter {
  public:
    explicit JsonWriter(std::span<char> out) noexcept : out_(out) {}

    JsonWriter& begin_object() noexcept { return open('{'); }
    JsonWriter& end_object() noexcept { return close('}'); }
    JsonWriter& begin_array() noexcept { return open('['); }
    JsonWriter& end_array() noexcept { return close(']'); }
    // Inside an object: the member's name; the next value call is its value. (Inline over a
    // pointer and a size: a caller's literal keys then cost two constants per call, not a
    // string_view built on the stack, which GCC -Os does for every by-value string_view.)
    JsonWriter& key(std::string_view name) noexcept { return key(name.data(), name.size()); }
    JsonWriter& key(const char* name, std::size_t size) noexcept;
    JsonWriter& value(std::string_view s) noexcept;  // escaped: '"', '\\', controls as \u00XX
    JsonWriter& value(const char* s) noexcept { return value(std::string_view(s)); }
    JsonWriter& value(std::int64_t n) noexcept;
    JsonWriter& value(std::uint64_t n) noexcept;
    JsonWriter& value(int n) noexcept { return value(static_cast<std::int64_t>(n)); }
    JsonWriter& value(unsigned n) noexcept { return value(static_cast<std::uint64_t>(n)); }
    JsonWriter& value(bool b) noexcept;
    JsonWriter& null() noexcept;

    // True while everything fit and every container opened was closed in order.
    [[nodiscard]] bool ok() const noexcept { return ok_; }
    // True once the top-level value is complete (all containers closed).
    [[nodiscard]] bool complete() const noexcept { return ok_ && depth_ == 0 && len_ > 0; }
    [[nodiscard]] std::string_view text() const noexcept { return {out_.data(), len_}; }

  private:
    JsonWriter& open(char c) noexcept;
    JsonWriter& close(char c) noexcept;
    void before_value() noexcept;
    void put_string(std::string_view s) noexcept;
    void put(std::string_view s) noexcept;
    void put(char c) noexcept { put(std::string_view(&c, 1)); }

    std::span<char> out_;
    std::size_t len_ = 0;
    std::uint32_t in_object_ = 0;  // bit d: the container at depth d+1 is an object
    std::uint32_t has_item_ = 0;   // bit d: it already holds a member or element
    std::uint8_t depth_ = 0;
    bool after_key_ = false;
    bool ok_ = true;
};

}  // namespace mcustd::http
