// A read-only view of a ROMFS image as made by genromfs (the format NuttX mounts at /rom).
//
// The image is never copied: Image keeps a span of the caller's bytes (which may live in flash),
// and file contents come back as spans into it. The caller keeps the bytes alive.
//
//     auto img = mcustd::romfs::Image::open(bytes);           // verifies the whole image once
//     auto page = img->lookup("/hello.html");                 // Result<Node>
//     send(page->data);                                       // zero-copy
//
// open() checks everything up front: the superblock (magic, checksum, size within the span), every
// file header reachable from the root (alignment, bounds, checksum, name, data extent), cycles in
// the `next` chains and in the directory tree, and that every hard link resolves (within 8 hops)
// to a node of the tree, a directory only for "." and "..". After a successful open(), lookups
// cannot meet corruption; they still bounds-check. Opening costs one pass over the image.
//
// Error codes (std::errc, generic category):
//   illegal_byte_sequence  the image is corrupt (context names the offset, e.g.
//                          "romfs: file header at 0x1a0: bad checksum")
//   no_such_file_or_directory  a path component is missing
//   not_a_directory        a path goes through a non-directory, or has a trailing '/' after one
//   is_a_directory         read() of a directory
//   invalid_argument       a relative or empty path; read() of a symlink, device, fifo or socket
//   filename_too_long      a path deeper than kMaxDepth components, or a component over 255 bytes
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "mcustd/result.hpp"

namespace mcustd::romfs {

// The 3-bit type in the low bits of a file header's `next` word.
enum class FileType : std::uint8_t {
    hard_link = 0,
    directory = 1,
    regular = 2,
    symlink = 3,
    block_device = 4,
    char_device = 5,
    socket = 6,
    fifo = 7,
};

// POSIX st_mode type bits (the universal octal values), so callers need no <sys/stat.h>.
inline constexpr std::uint32_t kModeDir = 0040000;
inline constexpr std::uint32_t kModeRegular = 0100000;
inline constexpr std::uint32_t kModeSymlink = 0120000;
inline constexpr std::uint32_t kModeTypeMask = 0170000;

// A file, directory or other node, with hard links already resolved.
struct Node {
    std::string_view name;  // the name it was found under ("" for the root); points into the image
    FileType type = FileType::regular;
    // st_mode as Linux shows a mounted romfs: type bits | 0644 (0777 for symlinks, 0600 for
    // devices), | 0111 when the header's executable bit is set.
    std::uint32_t mode = 0;
    std::uint32_t size = 0;    // bytes of data (0 for directories)
    std::uint32_t offset = 0;  // offset of the resolved header: unique per file, an inode number
    // Content tag for HTTP ETags: FNV-1a 64 over the file's data, then over its size (4 bytes, big
    // endian), computed once for every regular file by Image::open(). Equal contents give equal
    // tags in any image; any change of bytes or length changes it (up to hash collisions).
    // 0 for non-regular nodes.
    std::uint64_t tag = 0;
    std::span<const std::byte> data;  // regular file contents or symlink target; empty otherwise

    [[nodiscard]] bool is_directory() const noexcept { return type == FileType::directory; }
    [[nodiscard]] bool is_regular() const noexcept { return type == FileType::regular; }
};

// A quoted strong ETag, "\"<16 lowercase hex digits of tag>\"", without heap allocation.
struct ETag {
    std::array<char, 18> chars{};
    [[nodiscard]] std::string_view view() const noexcept { return {chars.data(), chars.size()}; }
};
[[nodiscard]] ETag etag(const Node& node) noexcept;

class Image {
  public:
    // Paths deeper than this many components are refused (filename_too_long); lookups need no heap.
    static constexpr std::size_t kMaxDepth = 64;

    // Checksums::ignore skips the superblock and file header checksums (Linux and NuttX never check
    // the latter): for fuzzing the structural checks, which run either way.
    enum class Checksums : std::uint8_t { verify, ignore };

    // Verifies the image in `bytes` (which may be longer than the image: the superblock's size
    // decides). Allocates only the per-file tag table and a transient visited bitmap.
    static Result<Image> open(std::span<const std::byte> bytes,
                              Checksums checksums = Checksums::verify);

    // The node at an absolute path: "/", "/hello.html", "/a/b/", "/a/./b/../c.txt". Empty
    // components are ignored, "." and ".." are resolved lexically ("/.." is "/"), and a trailing
    // '/' requires a directory. Symlinks are reported, not followed.
    [[nodiscard]] Result<Node> lookup(std::string_view path) const;

    // The data of the regular file at `path` (zero-copy).
    [[nodiscard]] Result<std::span<const std::byte>> read(std::string_view path) const;

    // The entries of a directory in image order, without "." and "..". Each Node's name is the
    // entry's own name; the rest describes the resolved target (for hard links).
    [[nodiscard]] Result<std::vector<Node>> list(std::string_view path) const;
    [[nodiscard]] Result<std::vector<Node>> list(const Node& dir) const;

    [[nodiscard]] Node root() const;
    [[nodiscard]] std::string_view volume_name() const noexcept { return volume_; }
    // The image proper: the first `size` bytes of what open() was given.
    [[nodiscard]] std::span<const std::byte> bytes() const noexcept { return bytes_; }

  private:
    Image() = default;
    [[nodiscard]] Node make_node(std::uint32_t entry_offset, std::uint32_t target_offset) const;
    [[nodiscard]] std::uint64_t tag_of(std::uint32_t offset) const noexcept;

    std::span<const std::byte> bytes_;
    std::string_view volume_;
    std::uint32_t first_ = 0;  // the first file header, just past the superblock
    std::uint32_t root_ = 0;   // resolved header of the root directory
    // (header offset, tag) of every regular file, sorted by offset.
    std::vector<std::pair<std::uint32_t, std::uint64_t>> tags_;
};

}  // namespace mcustd::romfs
