#include "format.hpp"

#include <algorithm>
#include <system_error>

namespace mcustd::romfs::detail {

std::uint32_t load_be32(std::span<const std::byte> bytes, std::size_t at) noexcept {
    return (std::to_integer<std::uint32_t>(bytes[at]) << 24) |
           (std::to_integer<std::uint32_t>(bytes[at + 1]) << 16) |
           (std::to_integer<std::uint32_t>(bytes[at + 2]) << 8) |
           std::to_integer<std::uint32_t>(bytes[at + 3]);
}

std::uint32_t word_sum(std::span<const std::byte> bytes, std::size_t len) noexcept {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 4 <= len; i += 4) {
        sum += load_be32(bytes, i);  // wraps modulo 2^32 by design
    }
    return sum;
}

std::string hex(std::uint64_t value) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    do {
        out.insert(out.begin(), kDigits[value & 0xf]);
        value >>= 4;
    } while (value != 0);
    return "0x" + out;
}

Error corrupt(std::string_view what) {
    return Error(std::make_error_code(std::errc::illegal_byte_sequence),
                 std::string("romfs: ").append(what));
}

namespace {

std::uint32_t align_up(std::uint64_t n) {
    return static_cast<std::uint32_t>((n + 15) & ~15ULL);
}

Error header_error(std::uint32_t offset, const std::string& what) {
    return corrupt("file header at " + hex(offset) + ": " + what);
}

}  // namespace

Result<Header> read_header(std::span<const std::byte> image, std::uint32_t first,
                           std::uint32_t offset, bool verify) {
    if (offset % kAlign != 0) {
        return header_error(offset, "misaligned");
    }
    if (offset < first || std::uint64_t{offset} + 16 > image.size()) {
        return header_error(offset, "out of bounds");
    }
    Header h;
    h.offset = offset;
    const std::uint32_t word0 = load_be32(image, offset);
    h.next = word0 & ~(kAlign - 1);
    h.type = static_cast<FileType>(word0 & 7);
    h.exec = (word0 & 8) != 0;
    h.spec = load_be32(image, offset + 4);
    h.size = load_be32(image, offset + 8);

    // The name: at most kMaxName bytes, then a NUL, all inside the image.
    const std::size_t name_at = std::size_t{offset} + 16;
    const std::size_t limit = std::min(image.size(), name_at + kMaxName + 1);
    std::size_t len = 0;
    while (name_at + len < limit && image[name_at + len] != std::byte{0}) {
        ++len;
    }
    if (name_at + len >= limit) {
        return header_error(offset, name_at + len >= image.size()
                                        ? "name runs past the end of the image"
                                        : "name longer than 255 bytes");
    }
    if (len == 0) {
        return header_error(offset, "empty name");
    }
    h.name = std::string_view(reinterpret_cast<const char*>(image.data() + name_at), len);
    if (h.name.find('/') != std::string_view::npos) {
        return header_error(offset, "name contains '/'");
    }

    const std::uint64_t meta = 16 + align_up(len + 1);
    if (offset + meta > image.size()) {
        return header_error(offset, "name padding runs past the end of the image");
    }
    if (verify && word_sum(image.subspan(offset), meta) != 0) {
        return header_error(offset, "bad checksum");
    }
    h.data_offset = static_cast<std::uint32_t>(offset + meta);

    switch (h.type) {
        case FileType::regular:
        case FileType::symlink:
            if (std::uint64_t{h.data_offset} + h.size > image.size()) {
                return header_error(offset, "data of " + std::to_string(h.size) +
                                                " bytes runs past the end of the image");
            }
            break;
        case FileType::hard_link:
            if (h.spec == 0 || h.spec % kAlign != 0) {
                return header_error(offset, "bad hard link target " + hex(h.spec));
            }
            break;
        case FileType::directory:
            if (h.spec % kAlign != 0) {
                return header_error(offset, "misaligned first entry " + hex(h.spec));
            }
            break;
        default:
            break;
    }
    return h;
}

Result<Header> resolve(std::span<const std::byte> image, std::uint32_t first, std::uint32_t offset,
                       bool verify) {
    auto h = read_header(image, first, offset, verify);
    for (int hops = 0; h && h->type == FileType::hard_link; ++hops) {
        if (hops == kMaxLinkHops) {
            return corrupt("hard link at " + hex(offset) + ": link loop");
        }
        const std::uint32_t target = h->spec;
        if (target < first || std::uint64_t{target} + 16 > image.size()) {
            return corrupt("hard link at " + hex(h->offset) + ": target " + hex(target) +
                           " out of bounds");
        }
        h = read_header(image, first, target, verify);
    }
    return h;
}

}  // namespace mcustd::romfs::detail
