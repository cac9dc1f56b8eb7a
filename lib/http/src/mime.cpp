#include <cstdint>
#include <string_view>

#include "chars.hpp"
#include "mcustd/http/handler.hpp"
#include "mcustd/http/request.hpp"

namespace mcustd::http {

using namespace std::string_view_literals;

namespace {

// An extension of up to 4 letters as one number, lower-cased, with its length (so "\0htm" is not
// "htm"): the lookup is one switch instead of a case-insensitive compare per known type (it
// runs for every file served).
constexpr std::uint64_t ext_key(std::string_view e) noexcept {
    std::uint64_t k = e.size();
    for (const char c : e) {
        k = (k << 8) | static_cast<unsigned char>(detail::ascii_lower(c));
    }
    return k;
}

}  // namespace

std::string_view mime_type(std::string_view path) noexcept {
    const std::size_t slash = path.rfind('/');
    const std::size_t dot = path.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
        return "application/octet-stream"sv;
    }
    const std::string_view ext = path.substr(dot + 1);
    if (ext.empty() || ext.size() > 4) {
        return "application/octet-stream"sv;
    }
    switch (ext_key(ext)) {
        case ext_key("html"):
        case ext_key("htm"):
            return "text/html; charset=utf-8"sv;
        case ext_key("css"):
            return "text/css; charset=utf-8"sv;
        case ext_key("js"):
            return "text/javascript; charset=utf-8"sv;
        case ext_key("json"):
            return "application/json"sv;
        case ext_key("txt"):
            return "text/plain; charset=utf-8"sv;
        case ext_key("png"):
            return "image/png"sv;
        case ext_key("jpg"):
        case ext_key("jpeg"):
            return "image/jpeg"sv;
        case ext_key("gif"):
            return "image/gif"sv;
        case ext_key("svg"):
            return "image/svg+xml"sv;
        case ext_key("ico"):
            return "image/x-icon"sv;
        case ext_key("wasm"):
            return "application/wasm"sv;
        default:
            return "application/octet-stream"sv;
    }
}

}  // namespace mcustd::http
