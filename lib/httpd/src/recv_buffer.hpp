// RecvBuffer: the received, not yet consumed bytes of one connection.
//
// Holds memory only while a connection has bytes pending (an idle keep-alive connection holds
// none): a kInitial block from the engine's BlockPool (recycled, so a request allocates nothing),
// grown from the heap up to the parser's largest acceptable head for the rare large one, so
// per-connection memory is bounded by http::kRecommendedBufferSize.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>

#include "block_pool.hpp"
#include "mcustd/http/parser.hpp"

namespace mcustd::httpd {

class RecvBuffer {
  public:
    static constexpr std::size_t kInitial = 1024;
    static constexpr std::size_t kMax = http::kRecommendedBufferSize;

    // `pool` hands out kInitial-byte blocks (BlockPool(RecvBuffer::kInitial, ...)) and must
    // outlive the buffer.
    explicit RecvBuffer(BlockPool& pool) noexcept : pool_(&pool) {}
    ~RecvBuffer() { release(); }
    RecvBuffer(const RecvBuffer&) = delete;
    RecvBuffer& operator=(const RecvBuffer&) = delete;

    [[nodiscard]] std::string_view data() const noexcept {
        return {buf_.get() + begin_, end_ - begin_};
    }
    [[nodiscard]] bool empty() const noexcept { return begin_ == end_; }

    // Free space to read into, allocating, compacting or growing as needed; empty only when
    // kMax bytes are already pending (the parser refuses heads that large first).
    std::span<char> space() {
        if (!buf_) {
            buf_ = pool_->take();
            cap_ = kInitial;
        }
        if (end_ == cap_ && begin_ > 0) {
            std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
            end_ -= begin_;
            begin_ = 0;
        }
        if (end_ == cap_ && cap_ < kMax) {
            std::size_t cap = cap_ * 2 < kMax ? cap_ * 2 : kMax;
            auto bigger = std::make_unique<char[]>(cap);
            std::memcpy(bigger.get(), buf_.get(), end_);
            buf_ = std::move(bigger);
            cap_ = cap;
        }
        return {buf_.get() + end_, cap_ - end_};
    }
    void commit(std::size_t n) noexcept { end_ += n; }
    void consume(std::size_t n) noexcept {
        begin_ += n;
        if (begin_ == end_) {
            begin_ = end_ = 0;
        }
    }
    // Gives the memory back when nothing is pending.
    void release_if_empty() noexcept {
        if (empty()) {
            release();
        }
    }

  private:
    void release() noexcept {
        if (buf_ && cap_ == kInitial) {
            pool_->give(std::move(buf_));  // a grown buffer came from the heap: freed below
        }
        buf_.reset();
        cap_ = 0;
    }

    BlockPool* pool_;
    std::unique_ptr<char[]> buf_;
    std::size_t cap_ = 0;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
};

}  // namespace mcustd::httpd
