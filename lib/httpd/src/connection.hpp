// Connection: one client's state between polls, and serve(), which moves its bytes.
//
// serve() never blocks: it reads what the socket has, answers every complete request (pipelined
// ones in order), writes until the socket would block, and says what to wait for next. The same
// routine runs in a pool worker and in single mode. Memory per connection is the RecvBuffer
// (only while bytes are pending) plus, rarely, the unsent tail of a response head.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "clock.hpp"
#include "mcustd/http/handler.hpp"
#include "mcustd/http/parser.hpp"
#include "mcustd/http/response.hpp"
#include "mcustd/httpd/access_log.hpp"
#include "mcustd/httpd/config.hpp"
#include "mcustd/httpd/stats.hpp"
#include "mcustd/net/tcp_stream.hpp"
#include "recv_buffer.hpp"

namespace mcustd::httpd {

// What a connection waits for after serve().
enum class Next : std::uint8_t {
    Read,   // poll for POLLIN
    Write,  // poll for POLLOUT (a response is partly sent)
    Again,  // serve again without polling: complete requests are still buffered
    Close,  // done: destroy it
};

// What serve() needs besides the connection. `scratch` (>= http::kMinHandlerBuffer bytes) holds
// the head of the response being written; it is per worker, not per connection.
struct ServeContext {
    const Config& config;
    const http::Handler& handler;
    AccessLog* log;  // may be null
    Stats& stats;
    std::span<char> scratch;
    Clock::time_point now;
    bool draining;  // shutting down: finish the response in hand, then close
};

class Connection {
  public:
    enum class State : std::uint8_t {
        Reading,    // a request head may be in progress (fresh connection, or bytes received)
        Idle,       // keep-alive between requests
        Writing,    // a response is partly sent
        Lingering,  // answered an error and shut down our side; discarding input until EOF
    };

    // `recv_blocks` (RecvBuffer::kInitial-byte blocks) must outlive the connection.
    Connection(net::TcpStream stream, Clock::time_point now, const Config& config,
               BlockPool& recv_blocks);

    Next serve(ServeContext& ctx);

    [[nodiscard]] int fd() const noexcept { return stream_.native_handle(); }
    [[nodiscard]] State state() const noexcept { return state_; }
    [[nodiscard]] Clock::time_point deadline() const noexcept { return deadline_; }
    [[nodiscard]] bool wants_write() const noexcept { return state_ == State::Writing; }
    // Since when the connection has been waiting for the client: accepted (no byte yet) or idle
    // between keep-alive requests. Meaningful only in those states.
    [[nodiscard]] Clock::time_point waiting_since() const noexcept { return waiting_since_; }
    // Accepted and still without a single byte of a first request.
    [[nodiscard]] bool awaiting_first_byte() const noexcept {
        return state_ == State::Reading && !answered_ && in_.empty();
    }
    [[nodiscard]] std::string_view client_ip() const noexcept { return {ip_.data(), ip_len_}; }

    // The poller's bookkeeping: index in its table, and whether a worker has it.
    std::size_t slot = 0;
    bool busy = false;
    bool in_epoll = false;  // Linux: registered with the poller's epoll set (pool_epoll.cpp)
    bool event_while_busy = false;  // Linux: an epoll edge came while a worker had it
    Next last = Next::Read;         // what the worker's serve() returned

  private:
    Next read_and_answer(ServeContext& ctx);
    // Starts sending `response` (head in ctx.scratch); false if the connection failed.
    bool start_response(ServeContext& ctx, http::Response&& response, bool linger_after);
    // Sends pending output: Read-able state when done, Write if blocked, Close on error.
    enum class Flush : std::uint8_t { Done, Blocked, Failed };
    Flush flush_output(ServeContext& ctx);
    Next after_response(ServeContext& ctx);
    void become_idle(const ServeContext& ctx);
    Next begin_linger(ServeContext& ctx);
    Next linger(ServeContext& ctx);
    // Counts the response (ctx.stats) and writes its access-log line.
    void log(ServeContext& ctx, const http::Request* req, int status, std::uint64_t bytes);

    net::TcpStream stream_;
    http::RequestParser parser_;
    RecvBuffer in_;
    State state_ = State::Reading;
    Clock::time_point deadline_;
    Clock::time_point waiting_since_;
    bool answered_ = false;      // at least one response started
    std::array<char, 46> ip_{};  // client address for the log, formatted once
    std::uint8_t ip_len_ = 0;

    // The response in flight. The head normally leaves in the first write straight from the
    // worker's scratch; only an unsent tail of it is copied here.
    std::unique_ptr<char[]> head_rest_;
    std::size_t head_rest_len_ = 0;
    std::size_t head_rest_off_ = 0;
    http::Body body_;
    bool close_after_ = false;
    bool linger_after_ = false;
    std::size_t lingered_ = 0;
};

}  // namespace mcustd::httpd
