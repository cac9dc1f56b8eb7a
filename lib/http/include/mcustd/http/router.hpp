// Router: dynamic handlers by exact path and method in front of another Handler (the static
// site). Same code on the host and the MCU; routes are added at setup into a fixed table (no
// allocation at all), answering allocates nothing: a route writes its body into the worker's buffer
// through Reply, and the head and body leave as one contiguous head (Body::Kind::None), which the
// engine copies if the socket takes only part of it, so nothing points into the buffer after
// handle() returns.
//
//     http::Router router(static_handler);
//     router.get("/api/status", [](const http::Request&, http::Reply& reply) {
//         http::JsonWriter& j = reply.json();
//         j.begin_object().key("uptime_s").value(std::uint64_t{42}).end_object();
//     });
//     // the engine calls router.handle(request, buffer) with a buffer of router.buffer_size()
//
// A matched path with another method → 405 with the route's methods in Allow (HEAD is answered
// by a GET route, without the body). POST bodies: Request::body holds a Content-Length body up to
// kMaxBufferedBody; a larger one → 413, a chunked one → 411, before the route runs.
#pragma once

#include <array>
#include <cstddef>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>

#include "mcustd/http/handler.hpp"
#include "mcustd/http/json.hpp"

namespace mcustd::http {

// What a route answers: a status (200 unless set), a content type, and a body written into the
// space Reply gives it (bounded: kMaxReplyBody).
class Reply {
  public:
    explicit Reply(std::span<char> area) noexcept : area_(area), json_(area) {}

    void set_status(int status) noexcept { status_ = status; }
    // `type` must be static storage (a literal).
    void set_content_type(std::string_view type) noexcept { type_ = type; }
    // The body as JSON ("application/json"); write it through the returned writer.
    JsonWriter& json() noexcept {
        type_ = "application/json";
        use_json_ = true;
        return json_;
    }
    // A text body, copied; false if it does not fit.
    bool text(std::string_view body) noexcept;

    [[nodiscard]] int status() const noexcept { return status_; }
    [[nodiscard]] std::string_view content_type() const noexcept { return type_; }
    // The body written; `ok` false if it overflowed or the JSON is incomplete.
    [[nodiscard]] std::string_view body(bool& ok) const noexcept;

  private:
    std::span<char> area_;
    JsonWriter json_;
    std::size_t text_size_ = 0;
    std::string_view type_ = "text/plain; charset=utf-8";
    int status_ = 200;
    bool use_json_ = false;
    bool overflow_ = false;
};

// The largest route body. The MCU's is 2 KiB (lib/http/CMakeLists.txt), so a Router's buffer
// (head area + this) is no larger than the StaticHandler's behind it: routes cost no worker RAM.
#ifndef MCUSTD_HTTP_MAX_REPLY_BODY
#define MCUSTD_HTTP_MAX_REPLY_BODY 4096
#endif
inline constexpr std::size_t kMaxReplyBody = MCUSTD_HTTP_MAX_REPLY_BODY;

// What a route calls: a function or lambda taking (const Request&, Reply&), held inline. It may
// capture at most two pointers' worth (`this`, a reference or two) and must be trivially
// copyable, so a route costs no allocation and no type-erasure tables (std::function's, with a
// growable table, cost 899 B of the MCU's flash: lib/http/README.md); capture a pointer to
// anything bigger.
class Route {
  public:
    Route() noexcept = default;
    template <class F>
    requires(std::is_invocable_v<const F&, const Request&, Reply&>&&
                 std::is_trivially_copyable_v<F>&& std::is_trivially_destructible_v<F> &&
             sizeof(F) <= 2 * sizeof(void*) && alignof(F) <= alignof(void*)) Route(F f)
    noexcept : call_(&invoke<F>) {  // NOLINT(google-explicit-constructor)
        ::new (static_cast<void*>(storage_)) F(f);
    }
    void operator()(const Request& req, Reply& reply) const { call_(storage_, req, reply); }
    explicit operator bool() const noexcept { return call_ != nullptr; }

  private:
    template <class F>
    static void invoke(const void* storage, const Request& req, Reply& reply) {
        (*std::launder(static_cast<const F*>(storage)))(req, reply);
    }
    alignas(void*) unsigned char storage_[2 * sizeof(void*)] = {};
    void (*call_)(const void*, const Request&, Reply&) = nullptr;
};

class Router final : public Handler {
  public:
    explicit Router(const Handler& fallback) : fallback_(&fallback) {}

    // At most this many routes: a fixed table, no growth code in the image.
    static constexpr std::size_t kMaxRoutes = 8;

    // Setup only (not thread-safe with handle()). `path` is matched exactly against the request
    // path as sent (before '?'), e.g. "/api/status", and is not copied: pass static storage (a
    // literal). Throws std::length_error beyond kMaxRoutes (a programming error).
    void add(Method method, std::string_view path, const Route& route);
    void get(std::string_view path, const Route& route) { add(Method::Get, path, route); }
    void post(std::string_view path, const Route& route) { add(Method::Post, path, route); }

    [[nodiscard]] Response handle(const Request& request, std::span<char> buffer) const override;
    [[nodiscard]] std::size_t buffer_size() const noexcept override;

  private:
    struct Entry {
        Method method = Method::Get;
        std::string_view path;
        Route route;
    };
    // A request for a routed path. Out of line so that a request for the site passes through
    // handle() with a frame of a few words: the fallback runs on a worker stack of 2 KiB.
    [[nodiscard]] Response answer(const Request& request, std::span<char> buffer,
                                  const Entry* match, bool has_get, bool has_post) const;
    const Handler* fallback_;
    std::array<Entry, kMaxRoutes> routes_{};
    std::size_t count_ = 0;
};

}  // namespace mcustd::http
