// The content tag behind ETags: FNV-1a 64 over a file's bytes, then over its size (4 bytes, big
// endian). Streaming, so a file read in chunks (lib/http's DirSite on a file system without
// timestamps) gets exactly the tag Image::open() gives the same bytes in a ROMFS image: both
// sites of the server agree on a file's ETag.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace mcustd::romfs {

class ContentTag {
  public:
    void update(std::span<const std::byte> data) noexcept {
        for (std::byte b : data) {
            mix(b);
        }
        size_ += static_cast<std::uint32_t>(data.size());
    }
    // The tag of everything passed to update(); the object is spent afterwards.
    [[nodiscard]] std::uint64_t finish() noexcept {
        for (int shift = 24; shift >= 0; shift -= 8) {
            mix(static_cast<std::byte>((size_ >> shift) & 0xff));
        }
        return h_;
    }

  private:
    void mix(std::byte b) noexcept {
        h_ ^= std::to_integer<std::uint64_t>(b);
        h_ *= 0x100000001b3ULL;
    }

    std::uint64_t h_ = 0xcbf29ce484222325ULL;
    std::uint32_t size_ = 0;
};

}  // namespace mcustd::romfs
