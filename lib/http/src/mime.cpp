#include <array>
#include <string_view>
#include <utility>

#include "mcustd/http/handler.hpp"
#include "mcustd/http/request.hpp"

namespace mcustd::http {

using namespace std::string_view_literals;

std::string_view mime_type(std::string_view path) noexcept {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kTypes{{
        {"html", "text/html; charset=utf-8"},
        {"htm", "text/html; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"json", "application/json"},
        {"txt", "text/plain; charset=utf-8"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"svg", "image/svg+xml"},
        {"ico", "image/x-icon"},
        {"wasm", "application/wasm"},
    }};
    const std::size_t slash = path.rfind('/');
    const std::size_t dot = path.rfind('.');
    if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
        const std::string_view ext = path.substr(dot + 1);
        for (const auto& [e, type] : kTypes) {
            if (iequals(ext, e)) {
                return type;
            }
        }
    }
    return "application/octet-stream"sv;
}

}  // namespace mcustd::http
