// Image::open: verifies the superblock, then walks the whole tree once, checking every header,
// catching cycles, checking hard-link targets and computing each regular file's content tag.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "format.hpp"
#include "mcustd/romfs/content_tag.hpp"
#include "mcustd/romfs/image.hpp"

namespace mcustd::romfs {

using detail::corrupt;
using detail::hex;
using detail::kAlign;

namespace {

constexpr std::size_t kSuperblockBytes = 16;
constexpr std::size_t kChecksummedBytes = 512;

// FNV-1a, 64-bit (content_tag.hpp): small, no tables, good enough to tell file versions apart.
std::uint64_t content_tag(std::span<const std::byte> data) {
    ContentTag tag;
    tag.update(data);
    return tag.finish();
}

// Per-16-byte-slot state during the walk: whether a header was met in some directory's chain,
// and whether a directory's own chain was walked.
class Visited {
  public:
    explicit Visited(std::size_t image_size) : bits_(2 * (image_size / kAlign + 1)) {}
    bool seen(std::uint32_t off) const { return bits_[std::size_t{2} * (off / kAlign)]; }
    void mark_seen(std::uint32_t off) { bits_[std::size_t{2} * (off / kAlign)] = true; }
    bool walked(std::uint32_t off) const { return bits_[std::size_t{2} * (off / kAlign) + 1]; }
    void mark_walked(std::uint32_t off) { bits_[std::size_t{2} * (off / kAlign) + 1] = true; }

  private:
    std::vector<bool> bits_;
};

bool is_dot(std::string_view name) {
    return name == "." || name == "..";
}

}  // namespace

Result<Image> Image::open(std::span<const std::byte> bytes, Checksums checksums) {
    const bool verify = checksums == Checksums::verify;
    if (bytes.size() < kSuperblockBytes) {
        return corrupt("image of " + std::to_string(bytes.size()) +
                       " bytes is smaller than a superblock");
    }
    static constexpr char kMagic[] = "-rom1fs-";
    for (std::size_t i = 0; i < 8; ++i) {
        if (bytes[i] != static_cast<std::byte>(kMagic[i])) {
            return corrupt("superblock at 0x0: bad magic");
        }
    }
    const std::uint32_t size = detail::load_be32(bytes, 8);
    if (size > bytes.size()) {
        return corrupt("superblock at 0x0: image size " + hex(size) + " exceeds the " +
                       hex(bytes.size()) + " bytes given");
    }
    if (size < kSuperblockBytes + kAlign) {
        return corrupt("superblock at 0x0: image size " + hex(size) + " is too small");
    }
    const auto image = bytes.first(size);
    if (verify && detail::word_sum(image, std::min<std::size_t>(size, kChecksummedBytes) &
                                              ~std::size_t{3}) != 0) {
        return corrupt("superblock at 0x0: bad checksum");
    }
    std::size_t vol_len = 0;
    while (kSuperblockBytes + vol_len < size && image[kSuperblockBytes + vol_len] != std::byte{0}) {
        ++vol_len;
    }
    if (kSuperblockBytes + vol_len >= size) {
        return corrupt("volume name at 0x10: runs past the end of the image");
    }
    const auto first =
        static_cast<std::uint32_t>((kSuperblockBytes + vol_len + 1 + kAlign - 1) & ~(kAlign - 1));

    Image img;
    img.bytes_ = image;
    img.first_ = first;
    img.volume_ =
        std::string_view(reinterpret_cast<const char*>(image.data() + kSuperblockBytes), vol_len);

    // The root directory is the first header (genromfs: its "." entry), hard links followed.
    auto root = detail::resolve(image, first, first, verify);
    if (!root) {
        return root.error();
    }
    if (root->type != FileType::directory) {
        return corrupt("file header at " + hex(root->offset) + ": root is not a directory");
    }
    img.root_ = root->offset;

    Visited visited(size);
    std::vector<std::uint32_t> pending{img.root_};  // directories whose chain is still to walk
    // Hard links (and whether named "." or ".."), checked once the whole tree is known.
    std::vector<std::pair<std::uint32_t, bool>> links;
    visited.mark_walked(img.root_);
    while (!pending.empty()) {
        const std::uint32_t dir = pending.back();
        pending.pop_back();
        auto dir_header = detail::read_header(image, first, dir, verify);
        if (!dir_header) {
            return dir_header.error();
        }
        std::uint32_t from = dir;  // the header that names the next one, for error messages
        for (std::uint32_t off = dir_header->spec; off != 0;) {
            if (off % kAlign != 0 || off < first || std::uint64_t{off} + 16 > size) {
                return corrupt("file header at " + hex(from) + ": entry " + hex(off) +
                               " out of bounds");
            }
            if (visited.seen(off)) {
                return corrupt("file header at " + hex(from) + ": entry " + hex(off) +
                               " already seen (cycle)");
            }
            auto h = detail::read_header(image, first, off, verify);
            if (!h) {
                return h.error();
            }
            visited.mark_seen(off);
            switch (h->type) {
                case FileType::directory:
                    if (!is_dot(h->name)) {
                        if (visited.walked(off)) {
                            return corrupt("file header at " + hex(off) +
                                           ": directory contains itself (cycle)");
                        }
                        visited.mark_walked(off);
                        pending.push_back(off);
                    }
                    break;
                case FileType::regular:
                    img.tags_.emplace_back(off,
                                           content_tag(image.subspan(h->data_offset, h->size)));
                    break;
                case FileType::hard_link:
                    links.emplace_back(off, is_dot(h->name));
                    break;
                default:
                    break;
            }
            from = off;
            off = h->next;
        }
    }

    // Every hard link must end at a node of the tree (so lookups never leave checked ground).
    // Only "." and ".." may name a directory: any other link to one would make the tree a graph
    // with cycles (Linux forbids such links too, so genromfs never writes them).
    for (const auto& [link, dots] : links) {
        auto target = detail::resolve(image, first, link, verify);
        if (!target) {
            return target.error();
        }
        if (target->type == FileType::directory && !dots) {
            return corrupt("hard link at " + hex(link) + ": links to directory " +
                           hex(target->offset));
        }
        const bool in_tree = target->type == FileType::directory ? visited.walked(target->offset)
                                                                 : visited.seen(target->offset);
        if (!in_tree) {
            return corrupt("hard link at " + hex(link) + ": target " + hex(target->offset) +
                           " is not in the tree");
        }
    }
    std::sort(img.tags_.begin(), img.tags_.end());
    return img;
}

std::uint64_t Image::tag_of(std::uint32_t offset) const noexcept {
    auto it =
        std::lower_bound(tags_.begin(), tags_.end(), std::make_pair(offset, std::uint64_t{0}));
    return it != tags_.end() && it->first == offset ? it->second : 0;
}

}  // namespace mcustd::romfs
