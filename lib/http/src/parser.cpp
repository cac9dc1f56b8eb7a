#include "mcustd/http/parser.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "chars.hpp"

namespace mcustd::http {
namespace {

Method method_from(std::string_view m) noexcept {
    constexpr std::array<std::pair<std::string_view, Method>, 9> kMethods{{
        {"GET", Method::Get},
        {"HEAD", Method::Head},
        {"POST", Method::Post},
        {"PUT", Method::Put},
        {"DELETE", Method::Delete},
        {"OPTIONS", Method::Options},
        {"PATCH", Method::Patch},
        {"TRACE", Method::Trace},
        {"CONNECT", Method::Connect},
    }};
    for (const auto& [name, method] : kMethods) {
        if (m == name) {
            return method;
        }
    }
    return Method::Other;
}

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// Splits the request-target into path and query. Returns false if it is not a form we serve:
// origin-form "/p?q", absolute-form "http://host/p?q", or "*" (OPTIONS only).
bool split_target(Request& r) noexcept {
    std::string_view t = r.target;
    if (t == "*") {
        if (r.method != Method::Options) {
            return false;
        }
        r.path = t;
        return true;
    }
    if (t.front() != '/') {
        std::size_t scheme = istarts_with(t, "http://") ? 7 : istarts_with(t, "https://") ? 8 : 0;
        if (scheme == 0) {
            return false;
        }
        t.remove_prefix(scheme);
        std::size_t path_at = t.find_first_of("/?#");
        if (path_at == 0) {
            return false;  // no authority
        }
        t = path_at == std::string_view::npos ? std::string_view() : t.substr(path_at);
        if (t.empty() || t.front() != '/') {
            // "http://host" or "http://host?q": the path is "/" (static storage, not the buffer).
            std::string_view rest = t;
            t = "/";
            if (!rest.empty() && rest.front() == '?') {
                r.query =
                    rest.substr(1, rest.find('#') == std::string_view::npos ? std::string_view::npos
                                                                            : rest.find('#') - 1);
            }
            r.path = t;
            return true;
        }
    }
    std::size_t end = t.find_first_of("?#");
    r.path = t.substr(0, end);
    if (end != std::string_view::npos && t[end] == '?') {
        std::string_view q = t.substr(end + 1);
        r.query = q.substr(0, q.find('#'));
    }
    return true;
}

// Validates "METHOD SP target SP HTTP/x.y" (CR/LF removed) and fills the request-line fields.
// Returns 0 or the HTTP status to answer.
int parse_request_line(std::string_view line, Request& r) noexcept {
    std::size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos || sp1 == 0) {
        return 400;
    }
    r.method_text = line.substr(0, sp1);
    if (!detail::all_of_class(r.method_text, detail::kTchar)) {
        return 400;
    }
    r.method = method_from(r.method_text);
    std::string_view rest = line.substr(sp1 + 1);
    std::size_t sp2 = rest.find(' ');
    if (sp2 == std::string_view::npos || sp2 == 0) {
        return 400;
    }
    r.target = rest.substr(0, sp2);
    if (!detail::all_of_class(r.target, detail::kTargetChar)) {
        return 400;
    }
    std::string_view v = rest.substr(sp2 + 1);
    if (v.size() != 8 || v.substr(0, 5) != "HTTP/" || !is_digit(v[5]) || v[6] != '.' ||
        !is_digit(v[7])) {
        return 400;
    }
    if (v[5] == '1' && v[7] == '1') {
        r.version = Version::Http11;
    } else if (v[5] == '1' && v[7] == '0') {
        r.version = Version::Http10;
    } else {
        return 505;
    }
    return split_target(r) ? 0 : 400;
}

// Applies the comma-separated Connection tokens (case-insensitive) to the two flags.
void scan_connection(std::string_view value, bool& close, bool& keep_alive) noexcept {
    while (!value.empty()) {
        std::size_t comma = value.find(',');
        std::string_view token = detail::trim_ows(value.substr(0, comma));
        if (iequals(token, "close")) {
            close = true;
        } else if (iequals(token, "keep-alive")) {
            keep_alive = true;
        }
        value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    }
}

// Validates every field line of `block` and extracts the fields the server acts on.
int parse_fields(std::string_view block, Request& r) noexcept {
    bool close = false;
    bool keep_alive = false;
    bool have_length = false;
    bool seen_if_none_match = false;
    while (!block.empty()) {
        std::size_t lf = block.find('\n');  // present: the block holds complete lines only
        std::string_view line = block.substr(0, lf);
        block.remove_prefix(lf + 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            return 400;  // also catches obs-fold: a line starting with SP/HTAB has no token first
        }
        std::string_view name = line.substr(0, colon);
        std::string_view raw_value = line.substr(colon + 1);
        if (!detail::all_of_class(name, detail::kTchar) ||
            !detail::all_of_class(raw_value, detail::kFieldValue)) {
            return 400;
        }
        std::string_view value = detail::trim_ows(raw_value);
        switch (name.size()) {
            case 4:
                if (iequals(name, "host")) {
                    if (r.has_host) {
                        return 400;
                    }
                    r.has_host = true;
                    r.host = value;
                }
                break;
            case 10:
                if (iequals(name, "connection")) {
                    scan_connection(value, close, keep_alive);
                }
                break;
            case 13:
                if (iequals(name, "if-none-match")) {
                    if (!seen_if_none_match) {
                        seen_if_none_match = true;
                        r.if_none_match = value;
                    } else {
                        r.multiple_if_none_match = true;
                    }
                }
                break;
            case 14:
                if (iequals(name, "content-length")) {
                    if (value.empty() || value.size() > 18 ||
                        !std::all_of(value.begin(), value.end(), is_digit)) {
                        return 400;
                    }
                    std::uint64_t n = 0;
                    for (char c : value) {
                        n = n * 10 + static_cast<std::uint64_t>(c - '0');
                    }
                    if (have_length && n != r.content_length) {
                        return 400;
                    }
                    have_length = true;
                    r.content_length = n;
                }
                break;
            case 17:
                if (iequals(name, "transfer-encoding")) {
                    return 400;  // no chunked (or any coded) request bodies here
                }
                break;
            default:
                break;
        }
    }
    if (r.version == Version::Http11) {
        if (!r.has_host) {
            return 400;
        }
        r.keep_alive = !close;
    } else {
        r.keep_alive = keep_alive && !close;
    }
    if (r.content_length > kMaxSkippedBody) {
        return 413;
    }
    return 0;
}

}  // namespace

ParseResult RequestParser::parse(std::string_view buffer) noexcept {
    ParseResult result;
    if (error_ != 0) {
        result.status = ParseStatus::Error;
        result.error_status = error_;
        return result;
    }
    // The previous request's body comes first.
    std::size_t skipped = 0;
    if (body_left_ > 0) {
        std::uint64_t n = body_left_ < buffer.size() ? body_left_ : buffer.size();
        body_left_ -= n;
        skipped = static_cast<std::size_t>(n);
        if (body_left_ > 0) {
            result.consumed = skipped;
            return result;
        }
    }
    const std::string_view buf = buffer.substr(skipped);
    auto fail = [&](int status) {
        error_ = status;
        result.status = ParseStatus::Error;
        result.error_status = status;
        result.consumed = skipped;
        return result;
    };

    while (true) {
        const char* lf_ptr = scanned_ < buf.size()
                                 ? static_cast<const char*>(std::memchr(buf.data() + scanned_, '\n',
                                                                        buf.size() - scanned_))
                                 : nullptr;
        if (lf_ptr == nullptr) {
            // Garbage (a TLS hello, a binary probe) is refused at its first byte that cannot
            // belong to a method, not after 8 KiB or a timeout. Only the new bytes are looked at.
            if (request_line_end_ == 0 && !method_seen_) {
                for (std::size_t i = scanned_; i < buf.size(); ++i) {
                    const char c = buf[i];
                    if (c == ' ' || c == '\r') {
                        // The method ended, or a CR (maybe a blank line's): from here on the
                        // complete line decides, in every way the bytes may have been split.
                        method_seen_ = true;
                        break;
                    }
                    if (!detail::all_of_class({&c, 1}, detail::kTchar)) {
                        return fail(400);
                    }
                }
            }
            scanned_ = buf.size();
            // Enforce the limits on the partial line now, before the rest of it arrives.
            const std::size_t partial = buf.size() - line_start_;
            const bool ends_in_cr = partial > 0 && buf.back() == '\r';
            if (request_line_end_ == 0) {
                if (partial - (ends_in_cr ? 1 : 0) > kMaxRequestLine) {
                    return fail(414);
                }
            } else {
                const bool may_be_end = partial == 0 || (partial == 1 && ends_in_cr);
                // A field line is at least this partial line plus its LF.
                if (!may_be_end && header_bytes_ + partial + 1 > kMaxHeaderBytes) {
                    return fail(431);
                }
            }
            // Blank lines before a request line are consumed, so they cannot pile up.
            result.consumed = skipped;
            if (request_line_end_ == 0 && line_start_ > 0) {
                result.consumed += line_start_;
                scanned_ -= line_start_;
                line_start_ = 0;
            }
            return result;
        }
        const std::size_t lf = static_cast<std::size_t>(lf_ptr - buf.data());
        std::size_t end = lf;
        if (end > line_start_ && buf[end - 1] == '\r') {
            --end;
        }
        const std::string_view line = buf.substr(line_start_, end - line_start_);
        const std::size_t next = lf + 1;
        if (request_line_end_ == 0) {
            method_seen_ = false;
            if (!line.empty()) {
                // Method characters first, as on a partial line: the same answer either way.
                const std::string_view method = line.substr(0, line.find(' '));
                if (!detail::all_of_class(method, detail::kTchar)) {
                    return fail(400);
                }
                if (line.size() > kMaxRequestLine) {
                    return fail(414);
                }
                Request probe;
                if (int status = parse_request_line(line, probe); status != 0) {
                    return fail(status);
                }
                request_line_start_ = line_start_;
                request_line_end_ = next;
            }
            // else: a blank line before the request line (RFC 9112 2.2: ignore it)
        } else if (line.empty()) {
            // End of the head: validate fields and hand out the request.
            Request& r = result.request;
            std::string_view rl =
                buf.substr(request_line_start_, request_line_end_ - request_line_start_ - 1);
            if (!rl.empty() && rl.back() == '\r') {
                rl.remove_suffix(1);
            }
            (void)parse_request_line(rl, r);  // validated when it arrived
            r.header_block = buf.substr(request_line_end_, line_start_ - request_line_end_);
            if (int status = parse_fields(r.header_block, r); status != 0) {
                return fail(status);
            }
            body_left_ = r.content_length;
            result.status = ParseStatus::Complete;
            result.consumed = skipped + next;
            scanned_ = line_start_ = header_bytes_ = field_count_ = 0;
            request_line_start_ = request_line_end_ = 0;
            return result;
        } else {
            header_bytes_ += next - line_start_;
            if (header_bytes_ > kMaxHeaderBytes || ++field_count_ > kMaxHeaderFields) {
                return fail(431);
            }
        }
        line_start_ = scanned_ = next;
    }
}

}  // namespace mcustd::http
