#include "mcustd/http/parser.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "chars.hpp"

namespace mcustd::http {

using namespace std::string_view_literals;
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
    if (t == "*"sv) {
        if (r.method != Method::Options) {
            return false;
        }
        r.path = t;
        return true;
    }
    if (t.front() != '/') {
        std::size_t scheme = istarts_with(t, "http://"sv)    ? 7
                             : istarts_with(t, "https://"sv) ? 8
                                                             : 0;
        if (scheme == 0) {
            return false;
        }
        t.remove_prefix(scheme);
        std::size_t path_at = detail::find_first_in(t, "/?#"sv);
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
    std::size_t end = detail::find_first_in(t, "?#"sv);
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
    const std::size_t sp1 = detail::find_byte(line, ' ');
    if (sp1 == std::string_view::npos || sp1 == 0) {
        return 400;
    }
    r.method_text = detail::first_n(line, sp1);
    if (!detail::all_of_class(r.method_text, detail::kTchar)) {
        return 400;
    }
    r.method = method_from(r.method_text);
    const std::string_view rest = detail::from_pos(line, sp1 + 1);
    const std::size_t sp2 = detail::find_byte(rest, ' ');
    if (sp2 == std::string_view::npos || sp2 == 0) {
        return 400;
    }
    r.target = detail::first_n(rest, sp2);
    if (!detail::all_of_class(r.target, detail::kTargetChar)) {
        return 400;
    }
    const std::string_view v = detail::from_pos(rest, sp2 + 1);
    if (v.size() != 8 || detail::first_n(v, 5) != "HTTP/"sv || !is_digit(v[5]) || v[6] != '.' ||
        !is_digit(v[7])) {
        return 400;
    }
    // HTTP/1.x with x > 1 is served as 1.1 (RFC 9110 2.5: a higher minor version is
    // compatible); other majors (0.9, 2.0) get 505.
    if (v[5] != '1') {
        return 505;
    }
    r.version = v[7] == '0' ? Version::Http10 : Version::Http11;
    return split_target(r) ? 0 : 400;
}

bool is_hex(char c) noexcept {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 3986 unreserved / sub-delims: the bytes a reg-name may hold besides %XX escapes.
bool is_host_char(char c) noexcept {
    return (detail::kCharTable[static_cast<unsigned char>(c)] & detail::kHostChar) != 0;
}

// Host = uri-host [ ":" port ] (RFC 9112 3.2, RFC 3986 3.2.2): an IP-literal in brackets or a
// reg-name / IPv4 address, then digits. Userinfo ("user@host"), spaces, '/' and the like are
// refused: a Host that is no authority names no site of ours and confuses log parsers and caches.
bool valid_host(std::string_view h) noexcept {
    std::size_t i = 0;
    if (!h.empty() && h.front() == '[') {
        const std::size_t close = h.find(']');
        if (close == std::string_view::npos || close == 1) {
            return false;
        }
        for (char c : h.substr(1, close - 1)) {
            if (!is_host_char(c) && c != ':') {
                return false;
            }
        }
        i = close + 1;
    } else {
        while (i < h.size() && h[i] != ':') {
            if (h[i] == '%') {
                if (i + 2 >= h.size() || !is_hex(h[i + 1]) || !is_hex(h[i + 2])) {
                    return false;
                }
                i += 2;
            } else if (!is_host_char(h[i])) {
                return false;
            }
            ++i;
        }
    }
    if (i == h.size()) {
        return true;
    }
    if (h[i] != ':') {
        return false;
    }
    const std::string_view port = h.substr(i + 1);
    return port.size() <= 5 && std::all_of(port.begin(), port.end(), is_digit);
}

// Applies the comma-separated Connection tokens (case-insensitive) to the two flags.
void scan_connection(std::string_view value, bool& close, bool& keep_alive) noexcept {
    while (!value.empty()) {
        std::size_t comma = value.find(',');
        std::string_view token = detail::trim_ows(value.substr(0, comma));
        if (iequals(token, "close"sv)) {
            close = true;
        } else if (iequals(token, "keep-alive"sv)) {
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
        const std::size_t lf = detail::find_byte(block, '\n');  // present: complete lines only
        std::string_view line = detail::first_n(block, lf);
        block.remove_prefix(lf + 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        const std::size_t colon = detail::find_byte(line, ':');
        if (colon == std::string_view::npos || colon == 0) {
            return 400;  // also catches obs-fold: a line starting with SP/HTAB has no token first
        }
        const std::string_view name = detail::first_n(line, colon);
        const std::string_view raw_value = detail::from_pos(line, colon + 1);
        if (!detail::all_of_class(name, detail::kTchar) ||
            !detail::all_of_class(raw_value, detail::kFieldValue)) {
            return 400;
        }
        std::string_view value = detail::trim_ows(raw_value);
        auto first = [](std::string_view& field, std::string_view v) {
            if (field.empty()) {
                field = v;
            }
        };
        switch (name.size()) {
            case 4:
                if (iequals(name, "host"sv)) {
                    if (r.has_host || !valid_host(value)) {
                        return 400;
                    }
                    r.has_host = true;
                    r.host = value;
                }
                break;
            case 5:
                if (iequals(name, "range"sv)) {
                    r.multiple_range = r.multiple_range || !r.range.empty();
                    first(r.range, value);
                }
                break;
            case 8:
                if (iequals(name, "if-match"sv)) {
                    first(r.if_match, value);
                } else if (iequals(name, "if-range"sv)) {
                    r.multiple_range = r.multiple_range || !r.if_range.empty();
                    first(r.if_range, value);
                }
                break;
            case 10:
                if (iequals(name, "connection"sv)) {
                    scan_connection(value, close, keep_alive);
                }
                break;
            case 13:
                if (iequals(name, "if-none-match"sv)) {
                    if (!seen_if_none_match) {
                        seen_if_none_match = true;
                        r.if_none_match = value;
                    } else {
                        r.multiple_if_none_match = true;
                    }
                }
                break;
            case 14:
                if (iequals(name, "content-length"sv)) {
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
                if (iequals(name, "transfer-encoding"sv)) {
                    // Only a lone "chunked" is accepted: a repeated field, a list ("chunked,
                    // chunked"), and HTTP/1.0 (RFC 9112 6.1) are framing a proxy may read
                    // differently: 400. Another coding we cannot decode: 501.
                    if (r.chunked || r.version == Version::Http10) {
                        return 400;
                    }
                    if (!iequals(value, "chunked"sv)) {
                        return !value.empty() && value.find(',') == std::string_view::npos &&
                                       detail::all_of_class(value, detail::kTchar)
                                   ? 501
                                   : 400;
                    }
                    r.chunked = true;
                } else if (iequals(name, "if-modified-since"sv)) {
                    first(r.if_modified_since, value);
                }
                break;
            case 19:
                if (iequals(name, "if-unmodified-since"sv)) {
                    first(r.if_unmodified_since, value);
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
    if (r.chunked && have_length) {
        return 400;  // both framings: the classic request-smuggling shape (RFC 9112 6.3)
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
    auto fail = [&](int status) {
        error_ = status;
        result.status = ParseStatus::Error;
        result.error_status = status;
        result.consumed = skipped;
        return result;
    };
    if (chunk_state_ != ChunkState::None) {
        if (int status = skip_chunked(buffer, skipped); status != 0) {
            return fail(status);
        }
    } else if (body_left_ > 0) {
        std::uint64_t n = body_left_ < buffer.size() ? body_left_ : buffer.size();
        body_left_ -= n;
        skipped = static_cast<std::size_t>(n);
    }
    if (skipping_body()) {
        result.consumed = skipped;
        return result;
    }
    const std::string_view buf = buffer.substr(skipped);
    bool line_parsed_now = false;  // result.request holds this call's parse of the request line

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
        const std::string_view line{buf.data() + line_start_, end - line_start_};
        const std::size_t next = lf + 1;
        if (request_line_end_ == 0) {
            method_seen_ = false;
            if (!line.empty()) {
                // Method characters first, as on a partial line: the same answer either way.
                const std::string_view method =
                    detail::first_n(line, std::min(detail::find_byte(line, ' '), line.size()));
                if (!detail::all_of_class(method, detail::kTchar)) {
                    return fail(400);
                }
                if (line.size() > kMaxRequestLine) {
                    return fail(414);
                }
                // Parsed into the result: when the head ends in this same call (the usual case,
                // a whole head per read) it is not parsed a second time below.
                if (int status = parse_request_line(line, result.request); status != 0) {
                    return fail(status);
                }
                line_parsed_now = true;
                request_line_start_ = line_start_;
                request_line_end_ = next;
            }
            // else: a blank line before the request line (RFC 9112 2.2: ignore it)
        } else if (line.empty()) {
            // End of the head: validate fields and hand out the request.
            Request& r = result.request;
            if (!line_parsed_now) {  // it came in an earlier call: views into that buffer
                std::string_view rl =
                    buf.substr(request_line_start_, request_line_end_ - request_line_start_ - 1);
                if (!rl.empty() && rl.back() == '\r') {
                    rl.remove_suffix(1);
                }
                (void)parse_request_line(rl, r);  // validated when it arrived
            }
            r.header_block = buf.substr(request_line_end_, line_start_ - request_line_end_);
            if (int status = parse_fields(r.header_block, r); status != 0) {
                return fail(status);
            }
            // A small Content-Length body is handed over with its request (dynamic handlers read
            // it): wait until all of it is here, looking at the end line again next time.
            const std::uint64_t length = r.content_length;
            if (length > 0 && length <= kMaxBufferedBody &&
                next + length <= kRecommendedBufferSize) {
                if (buf.size() - next < length) {
                    scanned_ = line_start_;
                    ParseResult wait;
                    wait.consumed = skipped;
                    return wait;
                }
                r.body = buf.substr(next, static_cast<std::size_t>(length));
            }
            body_left_ = r.body.empty() ? length : 0;
            if (r.chunked) {
                chunk_state_ = ChunkState::Size;
                chunk_digits_ = 0;
                chunk_total_ = chunk_left_ = 0;
            }
            result.status = ParseStatus::Complete;
            result.consumed = skipped + next + r.body.size();
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

// A byte-wise state machine: every byte is looked at once however the body is split, and nothing
// but counters is kept. Data bytes are skipped in bulk.
int RequestParser::skip_chunked(std::string_view buf, std::size_t& used) noexcept {
    std::size_t i = 0;
    while (i < buf.size() && chunk_state_ != ChunkState::None) {
        const char c = buf[i];
        switch (chunk_state_) {
            case ChunkState::Size:
                if (is_hex(c)) {
                    const auto d = static_cast<std::uint64_t>(
                        is_digit(c) ? c - '0' : detail::ascii_lower(c) - 'a' + 10);
                    chunk_left_ = chunk_left_ * 16 + d;
                    if (++chunk_digits_ > 16) {
                        return 400;  // leading zeros without end
                    }
                    if (chunk_total_ + chunk_left_ > kMaxSkippedBody) {
                        return 413;  // also stops any overflow: the value stays below 2^21
                    }
                    break;
                }
                if (chunk_digits_ == 0) {
                    return 400;
                }
                if (c == ';' || c == ' ' || c == '\t') {
                    chunk_state_ = ChunkState::Extension;
                    chunk_line_ = 0;
                } else if (c == '\r') {
                    chunk_state_ = ChunkState::SizeLf;
                } else if (c == '\n') {
                    end_size_line();
                } else {
                    return 400;
                }
                break;
            case ChunkState::Extension:
                // Extensions are ignored, only their characters and length are checked.
                if (c == '\r') {
                    chunk_state_ = ChunkState::SizeLf;
                } else if (c == '\n') {
                    end_size_line();
                } else if (!detail::all_of_class({&c, 1}, detail::kFieldValue) ||
                           ++chunk_line_ > kMaxChunkExtension) {
                    return 400;
                }
                break;
            case ChunkState::SizeLf:
                if (c != '\n') {
                    return 400;
                }
                end_size_line();
                break;
            case ChunkState::Data: {
                const std::uint64_t n = std::min<std::uint64_t>(chunk_left_, buf.size() - i);
                chunk_left_ -= n;
                i += static_cast<std::size_t>(n);
                if (chunk_left_ == 0) {
                    chunk_state_ = ChunkState::DataCr;
                }
                continue;
            }
            case ChunkState::DataCr:
                if (c == '\r') {
                    chunk_state_ = ChunkState::DataLf;
                } else if (c == '\n') {
                    chunk_state_ = ChunkState::Size;
                } else {
                    return 400;
                }
                break;
            case ChunkState::DataLf:
                if (c != '\n') {
                    return 400;
                }
                chunk_state_ = ChunkState::Size;
                break;
            case ChunkState::TrailerStart:
                if (c == '\r') {
                    chunk_state_ = ChunkState::EndLf;
                } else if (c == '\n') {
                    chunk_state_ = ChunkState::None;
                } else if (detail::all_of_class({&c, 1}, detail::kTchar)) {
                    chunk_state_ = ChunkState::Trailer;
                } else {
                    return 400;  // obs-fold or garbage
                }
                if (++chunk_line_ > kMaxHeaderBytes) {
                    return 431;
                }
                break;
            case ChunkState::Trailer:
                // Trailer fields are discarded: only characters and total size are checked.
                if (++chunk_line_ > kMaxHeaderBytes) {
                    return 431;
                }
                if (c == '\r') {
                    chunk_state_ = ChunkState::TrailerLf;
                } else if (c == '\n') {
                    chunk_state_ = ChunkState::TrailerStart;
                } else if (!detail::all_of_class({&c, 1}, detail::kFieldValue)) {
                    return 400;
                }
                break;
            case ChunkState::TrailerLf:
                if (c != '\n') {
                    return 400;
                }
                chunk_state_ = ChunkState::TrailerStart;
                break;
            case ChunkState::EndLf:
                if (c != '\n') {
                    return 400;
                }
                chunk_state_ = ChunkState::None;
                break;
            case ChunkState::None:
                break;
        }
        ++i;
    }
    used = i;
    return 0;
}

void RequestParser::end_size_line() noexcept {
    if (chunk_left_ == 0) {
        chunk_state_ = ChunkState::TrailerStart;
        chunk_line_ = 0;  // now counts trailer bytes
        return;
    }
    chunk_total_ += chunk_left_;
    chunk_digits_ = 0;
    chunk_state_ = ChunkState::Data;
}

}  // namespace mcustd::http
