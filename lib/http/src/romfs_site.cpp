#include "mcustd/http/romfs_site.hpp"

#include <algorithm>

namespace mcustd::http {

namespace {

std::uint32_t path_hash(std::string_view path) noexcept {
    std::uint32_t h = 2166136261u;  // FNV-1a, 32 bits
    for (const char c : path) {
        h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    }
    return h;
}

}  // namespace

void FileLookup::set_etag(std::string_view quoted) noexcept {
    const std::size_t n = std::min(quoted.size(), etag_storage.size());
    std::copy_n(quoted.data(), n, etag_storage.data());
    etag_size = static_cast<std::uint8_t>(n);
}

Result<std::unique_ptr<RomfsSite>> RomfsSite::create(std::span<const std::byte> image,
                                                     std::optional<std::int64_t> build_time) {
    auto opened = romfs::Image::open(image);
    if (!opened) {
        return opened.error();
    }
    auto site = std::make_unique<RomfsSite>(Key());
    site->build_time_ = build_time;
    if (auto indexed = site->index(*opened); !indexed) {
        return indexed.error();
    }
    return site;
}

Result<std::unique_ptr<RomfsSite>> RomfsSite::create(romfs::ImageFile file,
                                                     std::optional<std::int64_t> build_time) {
    auto site = std::make_unique<RomfsSite>(Key());
    site->build_time_ = build_time;
    site->owned_.emplace(std::move(file));  // the heap buffer, and so every span, stays put
    if (auto indexed = site->index(site->owned_->image()); !indexed) {
        return indexed.error();
    }
    return site;
}

// Walks the tree once, depth-first, with an explicit stack (no recursion on the MCU's small
// stacks). The reader bounds the depth and has already rejected loops.
Result<void> RomfsSite::index(const romfs::Image& image) {
    entries_.push_back(Entry{"/", true, {}, {}});
    std::vector<std::pair<std::string, romfs::Node>> pending{{"", image.root()}};
    while (!pending.empty()) {
        auto [dir_path, dir] = std::move(pending.back());
        pending.pop_back();
        auto children = image.list(dir);
        if (!children) {
            return children.error();
        }
        for (const romfs::Node& child : *children) {
            std::string path = dir_path + "/" + std::string(child.name);
            if (child.is_directory()) {
                entries_.push_back(Entry{path, true, {}, {}});
                pending.emplace_back(std::move(path), child);
            } else if (child.is_regular()) {
                entries_.push_back(Entry{std::move(path), false, child.data,
                                         std::string(romfs::etag(child).view())});
            }
            // symlinks and device nodes are not served
        }
    }
    for (Entry& e : entries_) {
        e.hash = path_hash(e.path);
    }
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
        return a.hash != b.hash ? a.hash < b.hash : a.path < b.path;
    });
    return {};
}

FileLookup RomfsSite::lookup(std::string_view path, std::span<char> /*scratch*/) const {
    FileLookup out;
    // A binary search over numbers and one path compare, instead of a string compare per step.
    const std::uint32_t hash = path_hash(path);
    auto it = std::lower_bound(entries_.begin(), entries_.end(), hash,
                               [](const Entry& e, std::uint32_t h) { return e.hash < h; });
    while (it != entries_.end() && it->hash == hash && it->path != path) {
        ++it;
    }
    if (it == entries_.end() || it->hash != hash) {
        return out;
    }
    if (it->is_directory) {
        out.kind = FileLookup::Kind::Directory;
        return out;
    }
    out.kind = FileLookup::Kind::File;
    out.body.kind = Body::Kind::Memory;
    out.body.memory = it->data;
    out.set_etag(it->etag);
    out.last_modified = build_time_;
    return out;
}

}  // namespace mcustd::http
