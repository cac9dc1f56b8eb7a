// BlockPool: fixed-size buffers recycled between requests, so that serving a request allocates
// nothing (the MCU's heap is small and fragments; the host saves two malloc/free pairs per
// request). `keep` blocks are allocated up front, so the server's memory is fixed from the start
// instead of growing to a peak; a block taken from an empty pool (more concurrency than `keep`)
// comes from the heap, and a block given back is kept while fewer than `keep` are free, else
// freed. Thread-safe: workers take and give back concurrently.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace mcustd::httpd {

class BlockPool {
  public:
    class Block;

    BlockPool(std::size_t block_size, std::size_t keep) : size_(block_size), keep_(keep) {
        free_.reserve(keep);  // give() never allocates
        for (std::size_t i = 0; i < keep; ++i) {
            free_.push_back(std::make_unique<char[]>(size_));
        }
    }
    BlockPool(const BlockPool&) = delete;
    BlockPool& operator=(const BlockPool&) = delete;

    [[nodiscard]] std::size_t block_size() const noexcept { return size_; }

    std::unique_ptr<char[]> take() {
        {
            std::lock_guard lock(mutex_);
            if (!free_.empty()) {
                std::unique_ptr<char[]> b = std::move(free_.back());
                free_.pop_back();
                return b;
            }
        }
        return std::make_unique<char[]>(size_);
    }

    // `b` must have come from take() of this pool.
    void give(std::unique_ptr<char[]> b) noexcept {
        std::lock_guard lock(mutex_);
        if (free_.size() < keep_) {
            free_.push_back(std::move(b));
        }
        // else: `b` is freed here
    }

    [[nodiscard]] std::size_t free_blocks() const {
        std::lock_guard lock(mutex_);
        return free_.size();
    }

  private:
    std::size_t size_;
    std::size_t keep_;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<char[]>> free_;
};

}  // namespace mcustd::httpd
