#include "mcustd/http/handler.hpp"

#include <cstring>

#include "mcustd/http/path.hpp"

namespace mcustd::http {
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
        if (iequals(f.name, "if-none-match") && etag_list_matches(f.value, etag)) {
            return true;
        }
    }
    return false;
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

}  // namespace

Response StaticHandler::handle(const Request& req, std::span<char> buffer) const {
    const bool keep = req.keep_alive;
    const bool say_keep = keep && req.version == Version::Http10;
    const bool head_only = req.method == Method::Head;
    const std::span<char> head_buf = buffer.first(kHeadArea < buffer.size() ? kHeadArea : 0);
    auto error = [&](int status) {
        return error_response(status, head_buf, keep, head_only, say_keep);
    };
    if (buffer.size() < kMinHandlerBuffer) {
        return error_response(500, buffer, false);
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
    if (np.trailing_slash && !append_path(path, scratch, "index.html")) {
        return error(414);
    }
    // The Site may build a file-system path in the scratch space after ours.
    auto lookup = [&](std::string_view p) { return site_->lookup(p, scratch.subspan(p.size())); };
    FileLookup found = lookup(path);
    if (found.kind == FileLookup::Kind::Directory) {
        if (!append_path(path, scratch, "/index.html")) {
            return error(414);
        }
        found = lookup(path);
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
    HeadWriter w(head_buf);
    if (status == 200 && if_none_match(req, found.etag())) {
        w.status_line(304);
        w.field("ETag", found.etag());
        Response r;
        r.status = 304;
        r.keep_alive = keep;
        r.head = w.finish(size, keep, say_keep);
        return r;
    }
    w.status_line(status);
    w.field("Content-Type", mime_type(path));
    if (status == 200) {
        w.field("ETag", found.etag());
    }
    Response r;
    r.status = status;
    r.keep_alive = keep;
    r.head = w.finish(size, keep, say_keep);
    if (!head_only) {
        r.body = std::move(found.body);
    }
    return r;
}

}  // namespace mcustd::http
