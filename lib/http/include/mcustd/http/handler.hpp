// StaticHandler: answers a parsed request from a Site. Stateless apart from the Site reference;
// const and safe to share between worker threads.
//
// GET and HEAD (HEAD: the same head, no body); other known methods 405 with "Allow: GET, HEAD",
// unknown ones (also lowercase "get") 501. "/" and "dir/" → its index.html; "dir" → 301 to
// "dir/" (query kept). MIME type by extension. ETag (quoted) on every file, Last-Modified where
// the Site knows a time. Preconditions in RFC 9110 13.2.2 order: If-Match (strong) or else
// If-Unmodified-Since → 412; If-None-Match (a list, W/ tags compared weakly, or "*") or else
// If-Modified-Since → 304 without body. Range (GET, one "bytes" range after merging, see
// range.hpp; If-Range honoured) → 206 with Content-Range, the body narrowed in place (a span or a
// sendfile region: still zero-copy); an unsatisfiable or malformed byte range → 416 with
// "Content-Range: bytes */size". A missing file → 404 whose body is the site's /404.html if
// present, else a built-in page. A path that could leave the site root → 400; a path longer than
// the buffer allows → 414.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "mcustd/http/parser.hpp"
#include "mcustd/http/request.hpp"
#include "mcustd/http/response.hpp"
#include "mcustd/http/site.hpp"

namespace mcustd::http {

// What the engine calls for every parsed request. const and thread-safe: workers share one.
class Handler {
  public:
    virtual ~Handler() = default;
    // `buffer` (buffer_size() bytes, per worker) holds the response head; keep it alive until
    // the head has been sent.
    [[nodiscard]] virtual Response handle(const Request& request, std::span<char> buffer) const = 0;
    [[nodiscard]] virtual std::size_t buffer_size() const noexcept = 0;
};

class StaticHandler final : public Handler {
  public:
    explicit StaticHandler(const Site& site) noexcept : site_(&site) {}

    // `buffer` (>= kMinHandlerBuffer bytes; buffer_size() for every path the parser accepts)
    // holds the response head, and is used as scratch for the decoded path; keep it alive until
    // the head has been sent. A path that does not fit gets 414.
    [[nodiscard]] Response handle(const Request& request, std::span<char> buffer) const override;

    // A buffer this large (one per worker) serves any request-target up to kMaxRequestLine
    // bytes: head area + decoded path + what the Site needs to look it up (DirSite: root + path).
    [[nodiscard]] std::size_t buffer_size() const noexcept override;

  private:
    [[nodiscard]] Response redirect_to_directory(const Request& req, std::span<char> buffer) const;
    const Site* site_;
};

inline constexpr std::size_t kMinHandlerBuffer = 1024;
// Appended to a directory's path to serve its index.
inline constexpr std::string_view kIndexSuffix = "/index.html";

// MIME type for a path's extension (case-insensitive); "application/octet-stream" by default.
[[nodiscard]] std::string_view mime_type(std::string_view path) noexcept;

}  // namespace mcustd::http
