#include "mcustd/http/request.hpp"

#include <cstring>

#include "chars.hpp"

namespace mcustd::http {

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (detail::ascii_lower(a[i]) != detail::ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}

bool HeaderIterator::next(HeaderField& out) noexcept {
    if (rest_.empty()) {
        return false;
    }
    std::size_t lf = rest_.find('\n');
    std::string_view line = rest_.substr(0, lf);
    rest_ = lf == std::string_view::npos ? std::string_view() : rest_.substr(lf + 1);
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    std::size_t colon = line.find(':');
    out.name = line.substr(0, colon);
    out.value = colon == std::string_view::npos ? std::string_view()
                                                : detail::trim_ows(line.substr(colon + 1));
    return true;
}

std::string_view Request::header(std::string_view name) const noexcept {
    HeaderIterator it = headers();
    HeaderField f;
    while (it.next(f)) {
        if (iequals(f.name, name)) {
            return f.value;
        }
    }
    return {};
}

std::string_view method_name(Method m) noexcept {
    switch (m) {
        case Method::Get:
            return "GET";
        case Method::Head:
            return "HEAD";
        case Method::Post:
            return "POST";
        case Method::Put:
            return "PUT";
        case Method::Delete:
            return "DELETE";
        case Method::Options:
            return "OPTIONS";
        case Method::Patch:
            return "PATCH";
        case Method::Trace:
            return "TRACE";
        case Method::Connect:
            return "CONNECT";
        case Method::Other:
            break;
    }
    return "OTHER";
}

}  // namespace mcustd::http
