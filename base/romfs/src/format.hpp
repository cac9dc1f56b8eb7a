// The on-disk ROMFS format (all integers big-endian, everything 16-byte aligned):
//
//   superblock  0: "-rom1fs-"   8: image size   12: checksum of the first min(512, size) bytes
//               16: volume name, NUL-terminated, padded to 16; the first file header follows.
//   file header 0: next header in the same directory | exec bit (8) | type (0..7)
//               4: spec.info (hard link: target header; directory: first entry header)
//               8: size of the data   12: checksum of the header and the padded name
//               16: name, NUL-terminated, padded to 16; then the data, padded to 16.
// A checksum is right when the 32-bit big-endian words it covers sum to zero.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "mcustd/result.hpp"
#include "mcustd/romfs/image.hpp"

namespace mcustd::romfs::detail {

inline constexpr std::uint32_t kAlign = 16;
inline constexpr std::size_t kMaxName = 255;  // NAME_MAX: genromfs reads names from a POSIX fs
inline constexpr int kMaxLinkHops = 8;        // genromfs makes single hops; more is a loop

struct Header {
    std::uint32_t offset = 0;
    std::uint32_t next = 0;  // next header in the directory, 0 at the end
    FileType type = FileType::regular;
    bool exec = false;
    std::uint32_t spec = 0;
    std::uint32_t size = 0;
    std::string_view name;
    std::uint32_t data_offset = 0;  // first byte after the padded name
};

[[nodiscard]] std::uint32_t load_be32(std::span<const std::byte> bytes, std::size_t at) noexcept;

// Sum of the big-endian words in bytes[0, len) (len a multiple of 4, within bounds).
[[nodiscard]] std::uint32_t word_sum(std::span<const std::byte> bytes, std::size_t len) noexcept;

// "0x1a0"
[[nodiscard]] std::string hex(std::uint64_t value);

// An Error for a corrupt image: EILSEQ, context "romfs: <what>".
[[nodiscard]] Error corrupt(std::string_view what);

// Reads the header at `offset` of `image` (the image proper, already size-limited) and checks it:
// alignment, not before `first` (the first header), bounds, a terminated name of 1..255 bytes
// without '/', the checksum, and for regular files and symlinks that the data fits the image.
// `verify` false skips the checksum (for headers open() already checked, or Checksums::ignore).
[[nodiscard]] Result<Header> read_header(std::span<const std::byte> image, std::uint32_t first,
                                         std::uint32_t offset, bool verify);

// Follows hard links from `offset` to the node they name (at most kMaxLinkHops hops).
[[nodiscard]] Result<Header> resolve(std::span<const std::byte> image, std::uint32_t first,
                                     std::uint32_t offset, bool verify);

}  // namespace mcustd::romfs::detail
