#include "mcustd/http/handler.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <optional>

#include "chars.hpp"
#include "mcustd/http/date.hpp"
#include "mcustd/http/path.hpp"
#include "range.hpp"

namespace mcustd::http {

using namespace std::string_view_literals;
namespace {

// Head space at the front of the caller's buffer; the rest is scratch for the decoded path.
constexpr std::size_t kHeadArea = kMinHeadBuffer;

// True if an If-None-Match value (a list of entity tags, or "*") matches `etag`, compared weakly
// (RFC 9110 13.1.2): a W/ prefix is ignored. A malformed list stops matching where it breaks.
bool etag_list_matches(std::string_view list, std::string_view etag) noexcept {
    while (true) {
        while (!list.empty() &&
               (list.front() == ' ' || list.front() == '\t' || list.front() == ',')) {
            list.remove_prefix(1);
        }
        if (list.empty()) {
            return false;
        }
        if (list.front() == '*') {
            return true;
        }
        if (list.size() >= 2 && list[0] == 'W' && list[1] == '/') {
            list.remove_prefix(2);
        }
        if (list.empty() || list.front() != '"') {
            return false;
        }
        const std::size_t close = list.find('"', 1);
        if (close == std::string_view::npos) {
            return false;
        }
        if (list.substr(0, close + 1) == etag) {
            return true;
        }
        list.remove_prefix(close + 1);
    }
}

bool if_none_match(const Request& req, std::string_view etag) noexcept {
    if (!req.multiple_if_none_match) {
        return !req.if_none_match.empty() && etag_list_matches(req.if_none_match, etag);
    }
    HeaderIterator it = req.headers();
    HeaderField f;
    while (it.next(f)) {
        if (iequals(f.name, "if-none-match"sv) && etag_list_matches(f.value, etag)) {
            return true;
        }
    }
    return false;
}

// If-Match uses the strong comparison (RFC 9110 13.1.1): a W/ tag never matches. Our tags are
// strong, so a weak one in the list is simply unequal. Every If-Match field counts.
bool if_match(const Request& req, std::string_view etag) noexcept {
    HeaderIterator it = req.headers();
    HeaderField f;
    while (it.next(f)) {
        if (!iequals(f.name, "if-match"sv)) {
            continue;
        }
        std::string_view list = f.value;
        while (!list.empty()) {
            const std::size_t comma = list.find(',');
            const std::string_view tag = detail::trim_ows(list.substr(0, comma));
            if (tag == "*"sv || tag == etag) {
                return true;
            }
            list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        }
    }
    return false;
}

// If-Range (RFC 9110 13.1.5): an entity tag must match strongly, a date exactly.
bool if_range_holds(std::string_view value, std::string_view etag,
                    std::optional<std::int64_t> last_modified) noexcept {
    if (!value.empty() && value.front() == '"') {
        return value == etag;
    }
    if (value.size() >= 2 && value[0] == 'W' && value[1] == '/') {
        return false;
    }
    const auto date = parse_http_date(value);
    return date && last_modified && *date == *last_modified;
}

// A date condition holds only if both the field parses and the file has a time; a field that
// cannot be evaluated is ignored (RFC 9110 13.1.3, 13.1.4).
std::optional<std::int64_t> field_date(std::string_view value,
                                       std::optional<std::int64_t> last_modified) noexcept {
    if (value.empty() || !last_modified) {
        return std::nullopt;
    }
    return parse_http_date(value);
}

// RFC 9110 13.2.2 steps 1-2: If-Match, or else If-Unmodified-Since, fails → 412.
bool precondition_fails(const Request& req, const FileLookup& found) noexcept {
    if (!req.if_match.empty()) {
        return !if_match(req, found.etag());
    }
    const auto since = field_date(req.if_unmodified_since, found.last_modified);
    return since && *found.last_modified > *since;
}

// Steps 3-4: If-None-Match matches, or else (none sent) If-Modified-Since is not older → 304.
bool not_modified(const Request& req, const FileLookup& found) noexcept {
    if (!req.if_none_match.empty() || req.multiple_if_none_match) {
        return if_none_match(req, found.etag());
    }
    const auto since = field_date(req.if_modified_since, found.last_modified);
    return since && *found.last_modified <= *since;
}

// Appends `suffix` to the path held at the start of `scratch`; false if it does not fit.
bool append_path(std::string_view& path, std::span<char> scratch,
                 std::string_view suffix) noexcept {
    if (path.size() + suffix.size() > scratch.size()) {
        return false;
    }
    std::memcpy(scratch.data() + path.size(), suffix.data(), suffix.size());
    path = std::string_view(scratch.data(), path.size() + suffix.size());
    return true;
}

// "bytes 0-99/1000" or, for 416, "bytes */1000".
constexpr std::size_t kContentRangeSize = 72;  // "bytes " + 3 uint64s + 2 separators

std::string_view content_range(std::span<char, kContentRangeSize> buf,
                               const detail::RangeAnswer* part, std::uint64_t size) noexcept {
    char* p = buf.data();
    char* const end = buf.data() + buf.size();
    p = std::copy_n("bytes ", 6, p);
    if (part == nullptr) {
        *p++ = '*';
    } else {
        p = std::to_chars(p, end, part->first).ptr;
        *p++ = '-';
        p = std::to_chars(p, end, part->first + part->length - 1).ptr;
    }
    *p++ = '/';
    p = std::to_chars(p, end, size).ptr;
    return {buf.data(), static_cast<std::size_t>(p - buf.data())};
}

// Narrows a body to `length` bytes from `first` (both within it): a span, or a sendfile region.
void slice_body(Body& body, std::uint64_t first, std::uint64_t length) noexcept {
    if (body.kind == Body::Kind::Memory) {
        body.memory =
            body.memory.subspan(static_cast<std::size_t>(first), static_cast<std::size_t>(length));
    } else if (body.kind == Body::Kind::File) {
        body.offset += first;
        body.length = length;
    }
}

}  // namespace

std::size_t StaticHandler::buffer_size() const noexcept {
    // A decoded path is never longer than the request-target, itself within the request line.
    constexpr std::size_t kPath = kMaxRequestLine + kIndexSuffix.size() + 1;
    return kHeadArea + kPath + site_->scratch_size(kPath);
}

Response StaticHandler::handle(const Request& req, std::span<char> buffer) const {
    const bool keep = req.keep_alive;
    const bool say_keep = keep && req.version == Version::Http10;
    const bool head_only = req.method == Method::Head;
    const std::span<char> head_buf = buffer.first(kHeadArea < buffer.size() ? kHeadArea : 0);
    auto error = [&](int status, const HeaderField& extra = {}) {
        return error_response(status, head_buf, keep, head_only, say_keep, extra);
    };
    if (buffer.size() < kMinHandlerBuffer) {
        return error_response(500, buffer, false);
    }
    if (req.method == Method::Other) {
        return error(501);  // RFC 9110 9.1: a method the server does not recognise
    }
    if (req.method != Method::Get && !head_only) {
        return error(405);
    }
    const std::span<char> scratch = buffer.subspan(kHeadArea);
    const NormalisedPath np = normalise_path(req.path, scratch);
    if (np.status != PathStatus::Ok) {
        return error(np.status == PathStatus::TooLong ? 414 : 400);
    }
    std::string_view path = np.path;
    if (np.trailing_slash && !append_path(path, scratch, kIndexSuffix.substr(1))) {
        return error(414);
    }
    // The Site may build a file-system path in the scratch space after ours.
    auto lookup = [&](std::string_view p) { return site_->lookup(p, scratch.subspan(p.size())); };
    FileLookup found = lookup(path);
    if (found.kind == FileLookup::Kind::Directory && !np.trailing_slash) {
        return redirect_to_directory(req, buffer);
    }
    if (found.kind == FileLookup::Kind::TooLong) {
        return error(414);
    }
    int status = 200;
    if (found.kind != FileLookup::Kind::File) {
        path = "/404.html";
        found = site_->lookup(path, scratch);
        if (found.kind != FileLookup::Kind::File) {
            return error(404);
        }
        status = 404;
    }
    const std::uint64_t size = found.body.size();
    const std::optional<std::int64_t> modified = found.last_modified;
    std::array<char, kHttpDateSize> modified_text{};
    if (modified) {
        format_http_date(*modified, modified_text);
    }
    const std::string_view modified_field(modified ? modified_text.data() : nullptr,
                                          modified ? modified_text.size() : 0);
    auto validators = [&](HeadWriter& w) {
        w.field("ETag"sv, found.etag());
        if (modified) {
            w.field("Last-Modified"sv, modified_field);
        }
    };
    Response r;
    r.keep_alive = keep;
    HeadWriter w(head_buf);
    if (status == 200) {
        if (precondition_fails(req, found)) {
            return error(412);
        }
        if (not_modified(req, found)) {
            w.status_line(304);
            validators(w);
            r.status = 304;
            r.head = w.finish(size, keep, say_keep);
            return r;
        }
        // Range: GET only (RFC 9110 14.2), and only while If-Range (if sent) still holds.
        // The Content-Range text goes in the scratch space after the path (free once the lookup
        // is done), not in a frame that every request would carry: workers run on 2 KiB stacks.
        // With no room there the Range is ignored, as RFC 9110 14.2 allows.
        if (req.method == Method::Get && !req.range.empty() && !req.multiple_range &&
            scratch.size() - path.size() >= kContentRangeSize &&
            (req.if_range.empty() || if_range_holds(req.if_range, found.etag(), modified))) {
            const detail::RangeAnswer part = detail::evaluate_range(req.range, size);
            const std::span<char, kContentRangeSize> cr = scratch.last<kContentRangeSize>();
            if (part.kind == detail::RangeAnswer::Kind::Unsatisfiable) {
                return error(416, {"Content-Range"sv, content_range(cr, nullptr, size)});
            }
            if (part.kind == detail::RangeAnswer::Kind::Partial) {
                w.status_line(206);
                w.field("Content-Type"sv, mime_type(path));
                w.field("Content-Range"sv, content_range(cr, &part, size));
                validators(w);
                r.status = 206;
                r.head = w.finish(part.length, keep, say_keep);
                slice_body(found.body, part.first, part.length);
                r.body = std::move(found.body);
                return r;
            }
        }
    }
    w.status_line(status);
    w.field("Content-Type"sv, mime_type(path));
    if (status == 200) {
        validators(w);
        w.lines("Accept-Ranges: bytes\r\n"sv);
    }
    r.status = status;
    r.head = w.finish(size, keep, say_keep);
    if (!head_only) {
        r.body = std::move(found.body);
    }
    return r;
}

// 301 to the slash form of a directory (relative links in its index then resolve inside it). The
// Location is the path as sent plus '/' and the query: every byte of it passed the parser's
// target check (visible ASCII), and leading slashes are folded to one so "//host" cannot become
// a scheme-relative redirect to another site. The head may use the whole buffer: nothing else
// of it is needed any more.
Response StaticHandler::redirect_to_directory(const Request& req, std::span<char> buffer) const {
    std::string_view raw = req.path;
    while (raw.size() > 1 && raw[1] == '/') {
        raw.remove_prefix(1);
    }
    const bool head_only = req.method == Method::Head;
    const bool say_keep = req.keep_alive && req.version == Version::Http10;
    const std::size_t location_size = raw.size() + 2 + req.query.size();
    const std::size_t location_at =
        buffer.size() > location_size ? buffer.size() - location_size : 0;
    if (location_at < kHeadArea) {
        return error_response(414, buffer.first(kHeadArea), req.keep_alive, head_only, say_keep);
    }
    // The Location is built at the buffer's end, the head from its start.
    char* p = buffer.data() + location_at;
    p = std::copy(raw.begin(), raw.end(), p);
    *p++ = '/';
    if (!req.query.empty()) {
        *p++ = '?';
        p = std::copy(req.query.begin(), req.query.end(), p);
    }
    const std::string_view location(buffer.data() + location_at,
                                    static_cast<std::size_t>(p - (buffer.data() + location_at)));
    return error_response(301, buffer.first(location_at), req.keep_alive, head_only, say_keep,
                          {"Location"sv, location});
}

}  // namespace mcustd::http
