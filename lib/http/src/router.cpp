#include "mcustd/http/router.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace mcustd::http {
namespace {

constexpr std::size_t kHeadArea = kMinHeadBuffer;

// The Allow value for the methods routed at one path (only GET and POST routes exist).
std::string_view allow_list(bool get, bool post) noexcept {
    return get && post ? "GET, HEAD, POST" : get ? "GET, HEAD" : "POST";
}

}  // namespace

bool Reply::text(std::string_view body) noexcept {
    if (body.size() > area_.size()) {
        overflow_ = true;
        return false;
    }
    if (!body.empty()) {  // an empty view may have a null data(), which memcpy must not get
        std::memcpy(area_.data(), body.data(), body.size());
    }
    text_size_ = body.size();
    use_json_ = false;
    return true;
}

std::string_view Reply::body(bool& ok) const noexcept {
    if (use_json_) {
        ok = json_.complete();
        return json_.text();
    }
    ok = !overflow_;
    return {area_.data(), text_size_};
}

void Router::add(Method method, std::string_view path, const Route& route) {
    if (count_ == routes_.size()) {
        throw std::length_error("http::Router: more than kMaxRoutes routes");
    }
    routes_[count_++] = Entry{method, path, route};
}

std::size_t Router::buffer_size() const noexcept {
    return std::max(fallback_->buffer_size(), kHeadArea + kMaxReplyBody);
}

Response Router::handle(const Request& req, std::span<char> buffer) const {
    const Method wanted = req.method == Method::Head ? Method::Get : req.method;
    const Entry* match = nullptr;
    bool path_known = false;
    bool has_get = false;
    bool has_post = false;
    for (const Entry& e : std::span(routes_).first(count_)) {
        if (e.path != req.path) {
            continue;
        }
        path_known = true;
        has_get = has_get || e.method == Method::Get;
        has_post = has_post || e.method == Method::Post;
        if (e.method == wanted) {
            match = &e;
        }
    }
    if (!path_known) {
        return fallback_->handle(req, buffer);
    }
    return answer(req, buffer, match, has_get, has_post);
}

[[gnu::noinline]] Response Router::answer(const Request& req, std::span<char> buffer,
                                          const Entry* match, bool has_get, bool has_post) const {
    const bool keep = req.keep_alive;
    const bool say_keep = keep && req.version == Version::Http10;
    const bool head_only = req.method == Method::Head;
    const std::span<char> head_buf = buffer.first(std::min(kHeadArea, buffer.size()));
    if (match == nullptr) {
        return error_response(req.method == Method::Other ? 501 : 405, head_buf, keep, head_only,
                              say_keep, {"Allow", allow_list(has_get, has_post)});
    }
    if (req.chunked) {
        return error_response(411, head_buf, keep, head_only, say_keep);
    }
    if (req.body.size() != req.content_length) {
        return error_response(413, head_buf, keep, head_only, say_keep);
    }
    if (buffer.size() < kHeadArea + kMaxReplyBody) {
        return error_response(500, head_buf, false);
    }
    // The route writes its body after the head area; the head is then written in front of it
    // and the body moved to follow it directly: one contiguous "head" for the engine.
    const std::span<char> body_area = buffer.subspan(kHeadArea, kMaxReplyBody);
    Reply reply(body_area);
    match->route(req, reply);
    bool ok = false;
    const std::string_view body = reply.body(ok);
    if (!ok) {
        return error_response(500, head_buf, keep, head_only, say_keep);
    }
    HeadWriter w(head_buf);
    w.status_line(reply.status());
    w.field("Content-Type", reply.content_type());
    w.field("Cache-Control", "no-store");  // live values: never from a cache
    const std::string_view head = w.finish(body.size(), keep, say_keep);
    if (head.empty()) {
        return error_response(500, head_buf, false);
    }
    Response r;
    r.status = reply.status();
    r.keep_alive = keep;
    std::size_t total = head.size();
    if (!head_only) {
        std::memmove(buffer.data() + head.size(), body.data(), body.size());
        total += body.size();
    }
    r.head = std::string_view(buffer.data(), total);
    return r;
}

}  // namespace mcustd::http
