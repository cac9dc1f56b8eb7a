#include "device_api.hpp"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace webserver {

namespace http = mcustd::http;
namespace sysinfo = mcustd::sysinfo;
using namespace std::string_view_literals;  // keys as constants: no strlen call per key

namespace {

constexpr unsigned kDefaultSeconds = 10;

// "seconds=N" anywhere in a form-encoded body; the default when absent, clamped to the bounds.
unsigned requested_seconds(std::string_view body) {
    constexpr std::string_view kKey = "seconds=";
    const std::size_t at = body.find(kKey);
    unsigned seconds = kDefaultSeconds;
    if (at != std::string_view::npos) {
        seconds = 0;
        for (std::size_t i = at + kKey.size(); i < body.size() && seconds <= Workers::kMaxSeconds;
             ++i) {
            if (body[i] < '0' || body[i] > '9') {
                break;
            }
            seconds = seconds * 10 + static_cast<unsigned>(body[i] - '0');
        }
    }
    return std::clamp(seconds, 1u, Workers::kMaxSeconds);
}

std::uint64_t u64(std::size_t n) {
    return static_cast<std::uint64_t>(n);
}

struct Field {
    std::string_view key;
    std::uint64_t value;
};

// `"name":{"k1":v1,...}`: the flat objects of the status, as data rather than a call per member.
void object(http::JsonWriter& j, std::string_view name, std::initializer_list<Field> fields) {
    j.key(name).begin_object();
    for (const Field& f : fields) {
        j.key(f.key).value(f.value);
    }
    j.end_object();
}

}  // namespace

DeviceApi::DeviceApi(const http::Handler& site) : router_(site) {
    router_.get("/api/status", [this](const http::Request&, http::Reply& reply) { status(reply); });
    router_.post("/api/worker", [this](const http::Request& req, http::Reply& reply) {
        start_worker(req, reply);
    });
}

void DeviceApi::status(http::Reply& reply) {
    http::JsonWriter& j = reply.json();
    j.begin_object();
    j.key("platform"sv).value(sysinfo::platform());
    j.key("uptime_ms"sv).value(sysinfo::uptime_ms());
    {
        std::lock_guard lock(threads_mutex_);
        const std::size_t total = sysinfo::threads(threads_);
        const std::size_t shown = total < threads_.size() ? total : threads_.size();
        j.key("threads_total"sv).value(u64(total));
        j.key("threads"sv).begin_array();
        for (std::size_t i = 0; i < shown; ++i) {
            const sysinfo::ThreadInfo& t = threads_[i];
            j.begin_object();
            j.key("name"sv).value(t.name_view()).key("state"sv).value(t.state);
            j.key("prio"sv).value(static_cast<std::int64_t>(t.priority));
            j.key("stack_used"sv).value(std::uint64_t{t.stack_used});
            j.key("stack_size"sv).value(std::uint64_t{t.stack_size});
            j.end_object();
        }
        j.end_array();
    }
    const sysinfo::MemoryInfo mem = sysinfo::memory();
    object(j, "heap"sv, {{"in_use"sv, u64(mem.heap_in_use)}, {"free"sv, u64(mem.heap_free)}});
    const sysinfo::NetworkInfo net = sysinfo::network();
    j.key("net"sv).begin_object().key("sockets"sv).value(std::uint64_t{net.sockets});
    if (net.has_stack) {
        object(j, "lwip"sv,
               {{"heap_used"sv, net.stack_heap_used},
                {"heap_size"sv, net.stack_heap_size},
                {"rx_buffers"sv, net.rx_buffers},
                {"tcp_pcbs"sv, net.tcp_pcbs},
                {"pools_used"sv, net.pools_used}});
    } else {
        j.key("lwip"sv).null();
    }
    j.end_object();
    static const mcustd::httpd::Stats kNone;  // before attach(): zeros
    const mcustd::httpd::Stats* s = stats_.load();
    s = s != nullptr ? s : &kNone;
    object(j, "http"sv,
           {{"connections"sv, s->connections()},
            {"1xx"sv, s->responses(1)},
            {"2xx"sv, s->responses(2)},
            {"3xx"sv, s->responses(3)},
            {"4xx"sv, s->responses(4)},
            {"5xx"sv, s->responses(5)}});
    std::array<Workers::View, Workers::kMax> running{};
    const std::size_t n = workers_.running(running);
    j.key("workers"sv).begin_array();
    for (std::size_t i = 0; i < n; ++i) {
        j.begin_object().key("name"sv).value(std::string_view(running[i].name.data()));
        j.key("primes"sv).value(std::uint64_t{running[i].steps});
        j.key("left_ms"sv).value(std::uint64_t{running[i].left_ms});
        j.end_object();
    }
    j.end_array();
    j.end_object();
}

void DeviceApi::start_worker(const http::Request& req, http::Reply& reply) {
    std::array<char, 16> name{};
    const unsigned seconds = requested_seconds(req.body);
    if (!workers_.start(seconds, name)) {
        reply.set_status(429);
        reply.json().begin_object().key("error"sv).value("all workers busy"sv).end_object();
        return;
    }
    reply.set_status(202);
    http::JsonWriter& j = reply.json();
    j.begin_object().key("started"sv).value(std::string_view(name.data()));
    j.key("seconds"sv).value(seconds).end_object();
}

}  // namespace webserver
