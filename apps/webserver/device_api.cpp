#include "device_api.hpp"

#include <charconv>
#include <cstdint>
#include <string_view>

namespace webserver {

namespace http = mcustd::http;
namespace sysinfo = mcustd::sysinfo;

namespace {

constexpr unsigned kDefaultSeconds = 10;

// "seconds=N" anywhere in a form-encoded body; the default when absent, clamped to the bounds.
unsigned requested_seconds(std::string_view body) {
    constexpr std::string_view kKey = "seconds=";
    const std::size_t at = body.find(kKey);
    unsigned seconds = kDefaultSeconds;
    if (at != std::string_view::npos) {
        const char* first = body.data() + at + kKey.size();
        (void)std::from_chars(first, body.data() + body.size(), seconds);
    }
    return seconds < 1 ? 1 : seconds > Workers::kMaxSeconds ? Workers::kMaxSeconds : seconds;
}

std::uint64_t u64(std::size_t n) {
    return static_cast<std::uint64_t>(n);
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
    j.key("platform").value(sysinfo::platform());
    j.key("uptime_ms").value(sysinfo::uptime_ms());
    {
        std::lock_guard lock(threads_mutex_);
        const std::size_t total = sysinfo::threads(threads_);
        const std::size_t shown = total < threads_.size() ? total : threads_.size();
        j.key("threads_total").value(u64(total));
        j.key("threads").begin_array();
        for (std::size_t i = 0; i < shown; ++i) {
            const sysinfo::ThreadInfo& t = threads_[i];
            j.begin_object();
            j.key("name").value(t.name_view()).key("state").value(t.state);
            j.key("prio").value(static_cast<std::int64_t>(t.priority));
            j.key("stack_used").value(std::uint64_t{t.stack_used});
            j.key("stack_size").value(std::uint64_t{t.stack_size});
            j.end_object();
        }
        j.end_array();
    }
    const sysinfo::MemoryInfo mem = sysinfo::memory();
    j.key("heap").begin_object();
    j.key("in_use").value(u64(mem.heap_in_use)).key("free").value(u64(mem.heap_free));
    j.end_object();
    const sysinfo::NetworkInfo net = sysinfo::network();
    j.key("net").begin_object().key("sockets").value(std::uint64_t{net.sockets});
    j.key("lwip");
    if (net.has_stack) {
        j.begin_object();
        j.key("heap_used").value(std::uint64_t{net.stack_heap_used});
        j.key("heap_size").value(std::uint64_t{net.stack_heap_size});
        j.key("rx_buffers").value(std::uint64_t{net.rx_buffers});
        j.key("tcp_pcbs").value(std::uint64_t{net.tcp_pcbs});
        j.key("pools_used").value(std::uint64_t{net.pools_used});
        j.end_object();
    } else {
        j.null();
    }
    j.end_object();
    j.key("http").begin_object();
    if (const mcustd::httpd::Stats* s = stats_.load()) {
        j.key("connections").value(std::uint64_t{s->connections()});
        static constexpr std::array<std::string_view, 5> kClass = {"1xx", "2xx", "3xx", "4xx",
                                                                   "5xx"};
        for (int c = 1; c <= 5; ++c) {
            j.key(kClass[static_cast<std::size_t>(c - 1)]).value(std::uint64_t{s->responses(c)});
        }
    }
    j.end_object();
    std::array<Workers::View, Workers::kMax> running{};
    const std::size_t n = workers_.running(running);
    j.key("workers").begin_array();
    for (std::size_t i = 0; i < n; ++i) {
        j.begin_object().key("name").value(std::string_view(running[i].name.data()));
        j.key("primes").value(std::uint64_t{running[i].steps});
        j.key("left_ms").value(std::uint64_t{running[i].left_ms});
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
        reply.json().begin_object().key("error").value("all workers busy").end_object();
        return;
    }
    reply.set_status(202);
    http::JsonWriter& j = reply.json();
    j.begin_object().key("started").value(std::string_view(name.data()));
    j.key("seconds").value(seconds).end_object();
}

}  // namespace webserver
