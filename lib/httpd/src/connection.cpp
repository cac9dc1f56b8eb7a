#include "connection.hpp"

#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

// Linux's, and the MCU port's (from /rom by reference to flash: port/net/src/socket_vfs.cpp).
#if __has_include(<sys/sendfile.h>)
#include <sys/sendfile.h>
#define MCUSTD_HTTPD_SENDFILE 1
#endif

#include "mcustd/net/sys_structs.hpp"

// The hot path calls recv/sendmsg directly on the non-blocking fd: "would block" is the normal
// outcome of every keep-alive turn, and TcpStream turns each failure into an Error with a
// formatted message (an allocation), which would cost more than the system call itself.

namespace mcustd::httpd {

namespace {

#if defined(MSG_NOSIGNAL)
constexpr int kSendFlags = MSG_NOSIGNAL;
#else
constexpr int kSendFlags = 0;
#endif

#if defined(MSG_MORE)
constexpr int kMoreFlag = MSG_MORE;  // the head waits for the sendfile data that follows
#else
constexpr int kMoreFlag = 0;
#endif

// A client that answers our error with this much more input is not worth lingering for.
constexpr std::size_t kMaxLingerBytes = std::size_t{256} * 1024;
constexpr std::chrono::milliseconds kLingerTime{2000};
// Requests answered in one serve() before the connection yields its worker to others.
constexpr int kMaxRequestsPerServe = 32;

bool would_block(int err) {
    return err == EAGAIN || err == EWOULDBLOCK;
}

ssize_t send_slices(int fd, const iovec* iov, int count, int flags) {
    msghdr msg{};
    msg.msg_iov = const_cast<iovec*>(iov);
    msg.msg_iovlen = static_cast<decltype(msg.msg_iovlen)>(count);
    ssize_t n;
    do {
        n = ::sendmsg(fd, &msg, flags | kSendFlags);
    } while (n < 0 && errno == EINTR);
    return n;
}

std::string_view version_text(http::Version v) {
    return v == http::Version::Http10 ? "HTTP/1.0" : "HTTP/1.1";
}

}  // namespace

Connection::Connection(net::TcpStream stream, Clock::time_point now, const Config& config,
                       BlockPool& recv_blocks)
    : stream_(std::move(stream)),
      in_(recv_blocks),
      deadline_(now + config.header_timeout),
      waiting_since_(now) {
    std::string ip = stream_.peer_addr().ip_string();
    ip_len_ = static_cast<std::uint8_t>(std::min(ip.size(), ip_.size()));
    std::copy_n(ip.data(), ip_len_, ip_.data());
}

void Connection::log(ServeContext& ctx, const http::Request* req, int status, std::uint64_t bytes) {
    ctx.stats.count(status);
    if (ctx.log == nullptr) {
        return;
    }
    std::string_view ip(ip_.data(), ip_len_);
    if (req == nullptr) {
        ctx.log->log(ip, {}, {}, {}, status, bytes);
    } else {
        ctx.log->log(ip, req->method_text, req->target, version_text(req->version), status, bytes);
    }
}

Next Connection::serve(ServeContext& ctx) {
    switch (state_) {
        case State::Writing:
            switch (flush_output(ctx)) {
                case Flush::Blocked:
                    return Next::Write;
                case Flush::Failed:
                    return Next::Close;
                case Flush::Done:
                    break;
            }
            return after_response(ctx);
        case State::Lingering:
            return linger(ctx);
        case State::Reading:
        case State::Idle:
            break;
    }
    return read_and_answer(ctx);
}

Next Connection::after_response(ServeContext& ctx) {
    if (close_after_ || ctx.draining) {
        // Unread input at close() would make the kernel send a reset, which can destroy the
        // response still in flight: shut down our side and drain theirs first.
        return linger_after_ || !in_.empty() ? begin_linger(ctx) : Next::Close;
    }
    become_idle(ctx);
    return read_and_answer(ctx);
}

Next Connection::read_and_answer(ServeContext& ctx) {
    int answered = 0;
    for (;;) {
        if (!in_.empty()) {
            http::ParseResult r = parser_.parse(in_.data());
            if (r.status == http::ParseStatus::Complete) {
                http::Response resp = ctx.handler.handle(r.request, ctx.scratch);
                log(ctx, &r.request, resp.status, resp.body.size());
                in_.consume(r.consumed);
                if (!start_response(ctx, std::move(resp), false)) {
                    return Next::Close;
                }
            } else if (r.status == http::ParseStatus::Error) {
                http::Response resp = http::error_response(r.error_status, ctx.scratch, false);
                log(ctx, nullptr, resp.status, resp.body.size());
                in_.consume(in_.data().size());
                if (!start_response(ctx, std::move(resp), true)) {
                    return Next::Close;
                }
            } else {
                in_.consume(r.consumed);
            }
            if (r.status != http::ParseStatus::NeedMore) {
                switch (flush_output(ctx)) {
                    case Flush::Blocked:
                        return Next::Write;
                    case Flush::Failed:
                        return Next::Close;
                    case Flush::Done:
                        break;
                }
                if (close_after_ || ctx.draining) {
                    return linger_after_ || !in_.empty() ? begin_linger(ctx) : Next::Close;
                }
                become_idle(ctx);
                if (++answered >= kMaxRequestsPerServe) {
                    return Next::Again;
                }
                if (in_.empty()) {
                    // No read-ahead here: a keep-alive client sends its next request only after
                    // reading this answer, so an immediate recv() nearly always fails with
                    // EAGAIN (93% in a wrk run). The batched poll() is cheaper (measured: ~10%
                    // more requests/s at c=50 on one core).
                    in_.release_if_empty();
                    return Next::Read;
                }
                continue;
            }
        }
        std::span<char> space = in_.space();
        if (space.empty()) {
            return Next::Close;  // unreachable: the parser refuses a head before the buffer fills
        }
        ssize_t n = ::recv(fd(), space.data(), space.size(), 0);
        if (n > 0) {
            in_.commit(static_cast<std::size_t>(n));
            if (state_ == State::Idle) {
                state_ = State::Reading;  // the header timeout runs from a request's first byte
                deadline_ = ctx.now + ctx.config.header_timeout;
            }
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && would_block(errno)) {
            in_.release_if_empty();
            return ctx.draining ? Next::Close : Next::Read;
        }
        return Next::Close;  // EOF or a reset
    }
}

void Connection::become_idle(const ServeContext& ctx) {
    state_ = State::Idle;
    deadline_ = ctx.now + ctx.config.idle_timeout;
    waiting_since_ = ctx.now;
}

bool Connection::start_response(ServeContext& ctx, http::Response&& response, bool linger_after) {
    answered_ = true;
    close_after_ = !response.keep_alive || linger_after;
    linger_after_ = linger_after;
    body_ = std::move(response.body);
    state_ = State::Writing;
    deadline_ = ctx.now + ctx.config.write_timeout;

    // Head and (memory) body leave in ONE call: never the Nagle / delayed-ACK stall.
    std::string_view head = response.head;
    iovec iov[2];
    int count = 1;
    iov[0] = net::make_iovec(head.data(), head.size());
    int flags = 0;
    if (body_.kind == http::Body::Kind::Memory && !body_.memory.empty()) {
        iov[1] = net::make_iovec(body_.memory.data(), body_.memory.size());
        count = 2;
    } else if (body_.kind == http::Body::Kind::File && body_.length > 0) {
        flags = kMoreFlag;
    }
    ssize_t n = send_slices(fd(), iov, count, flags);
    if (n < 0) {
        if (!would_block(errno)) {
            return false;
        }
        n = 0;
    }
    auto sent = static_cast<std::size_t>(n);
    if (sent < head.size()) {
        // Rare: the socket buffer took less than the head. Keep the rest; the scratch is reused.
        head_rest_len_ = head.size() - sent;
        head_rest_off_ = 0;
        head_rest_ = std::make_unique<char[]>(head_rest_len_);
        std::memcpy(head_rest_.get(), head.data() + sent, head_rest_len_);
    } else if (count == 2) {
        body_.memory = body_.memory.subspan(sent - head.size());
    }
    return true;
}

Connection::Flush Connection::flush_output(ServeContext& ctx) {
    bool progressed = false;
    for (;;) {
        ssize_t n = 0;
        bool head_left = head_rest_off_ < head_rest_len_;
        bool memory_left = body_.kind == http::Body::Kind::Memory && !body_.memory.empty();
        bool file_left = body_.kind == http::Body::Kind::File && body_.length > 0;
        if (head_left) {
            iovec iov[2];
            int count = 1;
            iov[0] =
                net::make_iovec(head_rest_.get() + head_rest_off_, head_rest_len_ - head_rest_off_);
            if (memory_left) {
                iov[1] = net::make_iovec(body_.memory.data(), body_.memory.size());
                count = 2;
            }
            n = send_slices(fd(), iov, count, file_left ? kMoreFlag : 0);
            if (n >= 0) {
                auto sent = static_cast<std::size_t>(n);
                std::size_t from_head = std::min(sent, head_rest_len_ - head_rest_off_);
                head_rest_off_ += from_head;
                if (memory_left) {
                    body_.memory = body_.memory.subspan(sent - from_head);
                }
            }
        } else if (memory_left) {
            do {
                n = ::send(fd(), body_.memory.data(), body_.memory.size(), kSendFlags);
            } while (n < 0 && errno == EINTR);
            if (n >= 0) {
                body_.memory = body_.memory.subspan(static_cast<std::size_t>(n));
            }
        } else if (file_left) {
#if defined(MCUSTD_HTTPD_SENDFILE)
            // Zero-copy from the page cache (Linux) or from flash (the MCU's /rom).
            auto offset = static_cast<off_t>(body_.offset);
            std::size_t want = body_.length > (1u << 30) ? (1u << 30) : body_.length;
            do {
                n = ::sendfile(fd(), body_.fd(), &offset, want);
            } while (n < 0 && errno == EINTR);
#else
            // No sendfile: copy through the worker's scratch buffer, one chunk per turn.
            std::size_t want = std::min<std::uint64_t>(body_.length, ctx.scratch.size());
            ssize_t got =
                ::pread(body_.fd(), ctx.scratch.data(), want, static_cast<off_t>(body_.offset));
            if (got <= 0) {
                return Flush::Failed;
            }
            do {
                n = ::send(fd(), ctx.scratch.data(), static_cast<std::size_t>(got), kSendFlags);
            } while (n < 0 && errno == EINTR);
#endif
            if (n == 0) {
                return Flush::Failed;  // the file shrank under us: the length promised is a lie
            }
            if (n > 0) {
                body_.offset += static_cast<std::uint64_t>(n);
                body_.length -= static_cast<std::uint64_t>(n);
            }
        } else {
            head_rest_.reset();
            head_rest_len_ = head_rest_off_ = 0;
            body_ = http::Body{};  // closes a file body now
            return Flush::Done;
        }
        if (n < 0) {
            if (would_block(errno)) {
                // The write timeout measures a client that reads nothing: only progress (or the
                // start of the response, in start_response) moves it, not a wake-up that could
                // send nothing.
                if (progressed) {
                    deadline_ = ctx.now + ctx.config.write_timeout;
                }
                return Flush::Blocked;
            }
            return Flush::Failed;
        }
        progressed = progressed || n > 0;
    }
}

Next Connection::begin_linger(ServeContext& ctx) {
    (void)stream_.shutdown(net::Shutdown::kWrite);
    in_.consume(in_.data().size());
    in_.release_if_empty();
    state_ = State::Lingering;
    deadline_ = ctx.now + kLingerTime;
    lingered_ = 0;
    return linger(ctx);
}

Next Connection::linger(ServeContext& ctx) {
    for (;;) {
        ssize_t n = ::recv(fd(), ctx.scratch.data(), ctx.scratch.size(), 0);
        if (n > 0) {
            lingered_ += static_cast<std::size_t>(n);
            if (lingered_ > kMaxLingerBytes) {
                return Next::Close;
            }
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && would_block(errno)) {
            return Next::Read;
        }
        return Next::Close;
    }
}

}  // namespace mcustd::httpd
