// StaticHandler: answers a parsed request from a Site. Stateless apart from the Site reference;
// const and safe to share between worker threads.
//
// GET and HEAD (HEAD: the same head, no body); other methods 405 with "Allow: GET, HEAD". "/" and
// any directory → its index.html. MIME type by extension. ETag (quoted) on every file; an
// If-None-Match that matches (a list, W/ tags compared weakly, or "*") → 304 without body. A
// missing file → 404 whose body is the site's /404.html if present, else a built-in page. A path
// that could leave the site root → 400; a path longer than the buffer allows → 414.
#pragma once

#include <span>

#include "mcustd/http/request.hpp"
#include "mcustd/http/response.hpp"
#include "mcustd/http/site.hpp"

namespace mcustd::http {

class StaticHandler {
  public:
    explicit StaticHandler(const Site& site) noexcept : site_(&site) {}

    // `buffer` (>= kMinHandlerBuffer bytes, e.g. 4 KiB per worker) holds the response head, and is
    // used as scratch for the decoded path; keep it alive until the head has been sent.
    [[nodiscard]] Response handle(const Request& request, std::span<char> buffer) const;

  private:
    const Site* site_;
};

inline constexpr std::size_t kMinHandlerBuffer = 1024;

// MIME type for a path's extension (case-insensitive); "application/octet-stream" by default.
[[nodiscard]] std::string_view mime_type(std::string_view path) noexcept;

}  // namespace mcustd::http
