// Request-path normalisation: the one gate between a request-target and a Site.
#pragma once

#include <span>
#include <string_view>

namespace mcustd::http {

enum class PathStatus { Ok, BadRequest, TooLong };

struct NormalisedPath {
    PathStatus status = PathStatus::BadRequest;
    std::string_view path;        // with Ok: points into the output buffer
    bool trailing_slash = false;  // the request named a directory ("/" or "/docs/")
};

// Percent-decodes `raw_path` (the request path, query already removed) into `out` and checks it
// can never leave the site root. BadRequest for: not starting with '/', a bad %XX escape, a
// decoded NUL, backslash or control character, any "." or ".." segment (whether written
// plainly or as %2e), an encoded slash (%2f: a segment must not hide a separator). Empty
// segments ("//") are collapsed. TooLong if `out` is too small.
[[nodiscard]] NormalisedPath normalise_path(std::string_view raw_path,
                                            std::span<char> out) noexcept;

}  // namespace mcustd::http
