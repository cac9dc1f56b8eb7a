// A read-only VFS file system over base/romfs, and the /rom mount of the site image.
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "mcustd/rom_mount.hpp"
#include "mcustd/romfs/image.hpp"
#include "mcustd/vfs.hpp"

extern "C" const std::byte mcustd_site_image_start[];
extern "C" const std::byte mcustd_site_image_end[];

namespace mcustd::rom {
namespace {

namespace vfs = mcustd::vfs;

// base/romfs reports std::errc values in the generic category: they are errno numbers.
int negated(const Error& e) {
    return -e.code().value();
}

void fill_stat(const romfs::Node& n, struct stat& st) {
    st.st_mode = static_cast<mode_t>(n.mode);
    st.st_size = static_cast<off_t>(n.size);
    // Headers are 16-byte aligned and newlib's ino_t is 16 bits: offset / 16 stays unique for
    // images up to 1 MiB (the whole flash), where the offset itself wraps past 64 KiB.
    st.st_ino = static_cast<ino_t>(n.offset / 16u);
    st.st_nlink = 1;
    st.st_blksize = 512;
    st.st_blocks = static_cast<blkcnt_t>((n.size + 511u) / 512u);
}

class RomFile final : public vfs::OpenFile {
  public:
    explicit RomFile(romfs::Node node) : node_(node) {}

    long read(void* buf, std::size_t n) override {
        if (node_.is_directory()) {
            return -EISDIR;
        }
        const std::size_t size = node_.data.size();
        const std::size_t take = pos_ < size ? std::min(n, size - pos_) : 0;
        std::memcpy(buf, node_.data.data() + pos_, take);
        pos_ += take;
        return static_cast<long>(take);
    }
    // Random access without touching the position: safe for concurrent workers on one fd.
    long pread(void* buf, std::size_t n, long offset) override {
        if (node_.is_directory()) {
            return -EISDIR;
        }
        if (offset < 0) {
            return -EINVAL;
        }
        const std::size_t size = node_.data.size();
        const auto from = static_cast<std::size_t>(offset);
        const std::size_t take = from < size ? std::min(n, size - from) : 0;
        std::memcpy(buf, node_.data.data() + from, take);
        return static_cast<long>(take);
    }
    // Flash: the image is linked read-only and never rewritten while the firmware runs.
    [[nodiscard]] std::span<const std::byte> mapped() const noexcept override {
        return node_.is_directory() ? std::span<const std::byte>{} : node_.data;
    }
    long write(const void*, std::size_t) override { return -EBADF; }  // opened read-only
    long lseek(long offset, int whence) override {
        const long to = vfs::seek_position(offset, whence, pos_, node_.data.size());
        if (to >= 0) {
            pos_ = static_cast<std::size_t>(to);  // past the end is allowed, reads 0
        }
        return to;
    }
    int fstat(struct stat& st) override {
        fill_stat(node_, st);
        return 0;
    }

  private:
    romfs::Node node_;
    std::size_t pos_ = 0;
};

class RomDir final : public vfs::Directory {
  public:
    explicit RomDir(std::vector<romfs::Node> entries) : entries_(std::move(entries)) {}
    int next(char* name, std::size_t name_size, bool& is_dir) override {
        if (index_ >= entries_.size()) {
            return 0;
        }
        const romfs::Node& e = entries_[index_++];
        if (name_size == 0 || e.name.size() >= name_size) {
            return -ENAMETOOLONG;
        }
        std::memcpy(name, e.name.data(), e.name.size());
        name[e.name.size()] = '\0';
        is_dir = e.is_directory();
        return 1;
    }

  private:
    std::vector<romfs::Node> entries_;
    std::size_t index_ = 0;
};

class RomFs final : public vfs::FileSystem {
  public:
    explicit RomFs(romfs::Image image) : image_(std::move(image)) {}

    int open(const char* path, int flags, mode_t, std::shared_ptr<vfs::OpenFile>& out) override {
        auto node = image_.lookup(path);
        if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC | O_APPEND)) != 0) {
            // Writing, creating or truncating: read-only file system, unless the path is bad.
            const bool missing_parent = !node && (flags & O_CREAT) == 0;
            return missing_parent ? negated(node.error()) : -EROFS;
        }
        if (!node) {
            return negated(node.error());
        }
        out = std::make_shared<RomFile>(*node);
        return 0;
    }
    int stat(const char* path, struct stat& st) override {
        auto node = image_.lookup(path);
        if (!node) {
            return negated(node.error());
        }
        fill_stat(*node, st);
        return 0;
    }
    int opendir(const char* path, std::unique_ptr<vfs::Directory>& out) override {
        auto entries = image_.list(path);
        if (!entries) {
            return negated(entries.error());
        }
        out = std::make_unique<RomDir>(std::move(*entries));
        return 0;
    }
    // mkdir/unlink/link: the base class answers EROFS.
    // The image's size, all of it in use (statvfs, std::filesystem::space).
    [[nodiscard]] Usage usage() const override { return {image_.bytes().size(), 0}; }

  private:
    romfs::Image image_;
};

// The mounted file system (the VFS keeps a reference, so it must outlive the mount).
std::optional<RomFs>& mounted() {
    static std::optional<RomFs> fs;
    return fs;
}

}  // namespace

std::span<const std::byte> site_image() noexcept {
    return {mcustd_site_image_start,
            static_cast<std::size_t>(mcustd_site_image_end - mcustd_site_image_start)};
}

int mount() {
    auto& fs = mounted();
    if (fs) {
        return -EBUSY;
    }
    auto image = romfs::Image::open(site_image());
    if (!image) {
        return negated(image.error());
    }
    fs.emplace(std::move(*image));
    const int rc = vfs::mount(kMountPoint, *fs);
    if (rc != 0) {
        fs.reset();
    }
    return rc;
}

int unmount() {
    auto& fs = mounted();
    if (!fs) {
        return -ENOENT;
    }
    const int rc = vfs::unmount(kMountPoint);
    fs.reset();
    return rc;
}

}  // namespace mcustd::rom

extern "C" int mcustd_rom_mount(void) {
    return mcustd::rom::mount();
}
