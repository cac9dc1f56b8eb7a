// Request: one parsed HTTP/1.x request head. Every view points into the caller's connection
// buffer (zero-copy) and stays valid until the caller drops those bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace mcustd::http {

enum class Method : std::uint8_t {
    Get,
    Head,
    Post,
    Put,
    Delete,
    Options,
    Patch,
    Trace,
    Connect,
    Other
};

enum class Version : std::uint8_t { Http10, Http11 };

struct HeaderField {
    std::string_view name;
    std::string_view value;  // optional whitespace around it already trimmed
};

// Walks the header block again without storing it: the parser keeps only the fields the server
// acts on, so a request costs no per-field storage. Use for any other field.
class HeaderIterator {
  public:
    HeaderIterator() = default;
    explicit HeaderIterator(std::string_view block) noexcept : rest_(block) {}
    // Returns false when no field is left. The block was validated by the parser.
    bool next(HeaderField& out) noexcept;

  private:
    std::string_view rest_;
};

struct Request {
    Method method = Method::Other;
    Version version = Version::Http11;
    std::string_view method_text;    // as sent, e.g. "GET"
    std::string_view target;         // request-target as sent, e.g. "/a%20b?x=1"
    std::string_view path;           // target up to '?' or '#', still percent-encoded
    std::string_view query;          // after '?', without it; empty if none
    std::string_view host;           // Host field value; empty if absent
    std::string_view if_none_match;  // first If-None-Match value; empty if absent
    // Other conditional and range fields, first value each; empty if absent. A repeated If-Match
    // is seen through headers(); a repeated date field keeps its first value; a repeated Range
    // or If-Range sets `multiple_range`.
    std::string_view if_match;
    std::string_view if_modified_since;
    std::string_view if_unmodified_since;
    std::string_view if_range;
    std::string_view range;
    bool has_host = false;
    bool multiple_if_none_match = false;  // then use headers() to see every value
    bool multiple_range = false;          // a second Range or If-Range field: Range is ignored
    bool keep_alive = true;            // HTTP/1.1: unless "close"; HTTP/1.0: only with "keep-alive"
    bool chunked = false;              // Transfer-Encoding: chunked; the parser skips the body
    std::uint64_t content_length = 0;  // body bytes that follow; the parser skips them
    std::string_view header_block;     // the field lines, each ending in LF, without the end line
    // The Content-Length body when it is <= kMaxBufferedBody (parser.hpp), complete; else empty
    // (a larger or chunked body is skipped, unseen).
    std::string_view body;

    [[nodiscard]] HeaderIterator headers() const noexcept { return HeaderIterator(header_block); }
    // First value of a field, compared case-insensitively; empty view if absent.
    [[nodiscard]] std::string_view header(std::string_view name) const noexcept;
};

[[nodiscard]] std::string_view method_name(Method m) noexcept;

// ASCII case-insensitive equality, for field names and tokens.
[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace mcustd::http
