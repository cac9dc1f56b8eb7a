// Path lookup, directory listing and node descriptions over an image that open() verified.
#include <array>
#include <string>
#include <system_error>

#include "format.hpp"
#include "mcustd/romfs/image.hpp"

namespace mcustd::romfs {

namespace {

Error path_error(std::errc code, std::string_view call, std::string_view path) {
    return Error(std::make_error_code(code),
                 "romfs " + std::string(call) + " " + std::string(path));
}

std::uint32_t mode_of(FileType type, bool exec) {
    static constexpr std::array<std::uint32_t, 8> kModes = {
        0,                    // hard link: never reported, links are resolved
        kModeDir | 0644,      // directory
        kModeRegular | 0644,  // regular
        kModeSymlink | 0777,  // symlink
        0060000 | 0600,       // block device
        0020000 | 0600,       // char device
        0140000 | 0644,       // socket
        0010000 | 0644,       // fifo
    };
    return kModes[static_cast<std::size_t>(type)] | (exec ? 0111 : 0);
}

bool is_dot(std::string_view name) {
    return name == "." || name == "..";
}

}  // namespace

ETag etag(const Node& node) noexcept {
    static constexpr char kDigits[] = "0123456789abcdef";
    ETag e;
    e.chars.front() = '"';
    e.chars.back() = '"';
    for (int i = 0; i < 16; ++i) {
        e.chars[1 + i] = kDigits[(node.tag >> (60 - 4 * i)) & 0xf];
    }
    return e;
}

Node Image::make_node(std::uint32_t entry_offset, std::uint32_t target_offset) const {
    Node n;
    // Both headers were verified by open(); a failure here would be a bug in open().
    auto target = detail::read_header(bytes_, first_, target_offset, false);
    if (!target) {
        return n;
    }
    if (entry_offset != 0) {
        auto entry = detail::read_header(bytes_, first_, entry_offset, false);
        n.name = entry ? entry->name : std::string_view{};
    }
    n.type = target->type;
    n.mode = mode_of(target->type, target->exec);
    n.offset = target->offset;
    if (target->type == FileType::regular || target->type == FileType::symlink) {
        n.size = target->size;
        n.data = bytes_.subspan(target->data_offset, target->size);
    }
    if (target->type == FileType::regular) {
        n.tag = tag_of(target->offset);
    }
    return n;
}

Node Image::root() const {
    return make_node(0, root_);
}

Result<Node> Image::lookup(std::string_view path) const {
    if (path.empty() || path.front() != '/') {
        return path_error(std::errc::invalid_argument, "lookup", path);
    }
    // (entry header, resolved header) of each directory from the root down to the current node.
    std::array<std::pair<std::uint32_t, std::uint32_t>, kMaxDepth + 1> stack;
    std::size_t depth = 0;
    stack[0] = {0, root_};
    bool at_dir = true;

    std::size_t pos = 1;
    while (pos <= path.size()) {
        const std::size_t slash = std::min(path.find('/', pos), path.size());
        const std::string_view part = path.substr(pos, slash - pos);
        const bool last = slash == path.size();
        pos = slash + 1;
        if (!at_dir) {
            return path_error(std::errc::not_a_directory, "lookup", path);
        }
        if (part.empty() || part == ".") {
            if (last) {
                break;
            }
            continue;
        }
        if (part == "..") {
            depth = depth > 0 ? depth - 1 : 0;
            continue;
        }
        if (part.size() > detail::kMaxName) {
            return path_error(std::errc::filename_too_long, "lookup", path);
        }
        auto dir = detail::read_header(bytes_, first_, stack[depth].second, false);
        if (!dir) {
            return dir.error();
        }
        std::uint32_t found = 0;
        for (std::uint32_t off = dir->spec; off != 0;) {
            auto h = detail::read_header(bytes_, first_, off, false);
            if (!h) {
                return h.error();
            }
            if (h->name == part && !is_dot(h->name)) {
                found = off;
                break;
            }
            off = h->next;
        }
        if (found == 0) {
            return path_error(std::errc::no_such_file_or_directory, "lookup", path);
        }
        auto target = detail::resolve(bytes_, first_, found, false);
        if (!target) {
            return target.error();
        }
        if (depth == kMaxDepth) {
            return path_error(std::errc::filename_too_long, "lookup", path);
        }
        stack[++depth] = {found, target->offset};
        at_dir = target->type == FileType::directory;
        if (last) {
            break;
        }
    }
    return make_node(stack[depth].first, stack[depth].second);
}

Result<std::span<const std::byte>> Image::read(std::string_view path) const {
    auto node = lookup(path);
    if (!node) {
        return node.error();
    }
    if (node->is_directory()) {
        return path_error(std::errc::is_a_directory, "read", path);
    }
    if (!node->is_regular()) {
        return path_error(std::errc::invalid_argument, "read", path);
    }
    return node->data;
}

Result<std::vector<Node>> Image::list(std::string_view path) const {
    auto node = lookup(path);
    if (!node) {
        return node.error();
    }
    if (!node->is_directory()) {
        return path_error(std::errc::not_a_directory, "list", path);
    }
    return list(*node);
}

Result<std::vector<Node>> Image::list(const Node& dir) const {
    if (!dir.is_directory()) {
        return path_error(std::errc::not_a_directory, "list", dir.name);
    }
    auto h = detail::read_header(bytes_, first_, dir.offset, false);
    if (!h) {
        return h.error();
    }
    std::vector<Node> out;
    for (std::uint32_t off = h->spec; off != 0;) {
        auto e = detail::read_header(bytes_, first_, off, false);
        if (!e) {
            return e.error();
        }
        if (!is_dot(e->name)) {
            auto target = detail::resolve(bytes_, first_, off, false);
            if (!target) {
                return target.error();
            }
            out.push_back(make_node(off, target->offset));
        }
        off = e->next;
    }
    return out;
}

}  // namespace mcustd::romfs
