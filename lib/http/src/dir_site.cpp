#include "mcustd/http/dir_site.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "mcustd/http/romfs_site.hpp"
#include "mcustd/romfs/image_file.hpp"

namespace mcustd::http {
namespace {

int open_flags() noexcept {
    int flags = O_RDONLY;
#ifdef O_NOFOLLOW
    flags |= O_NOFOLLOW;  // a symlink as the last component fails with ELOOP
#endif
#ifdef O_CLOEXEC
    flags |= O_CLOEXEC;
#endif
    return flags;
}

// Unix hosts have symlinks and lstat. The MCU's file systems (romfs, our VFS) have no symlinks
// to follow, and newlib does not declare lstat, so there a plain stat is the same check.
#if defined(__unix__) || defined(__APPLE__)
int stat_nofollow(const char* path, struct stat* st) noexcept {
    return ::lstat(path, st);
}
#else
int stat_nofollow(const char* path, struct stat* st) noexcept {
    return ::stat(path, st);
}
#endif

// "\"<size hex>-<mtime hex>\"" into `out`.
void make_etag(const struct stat& st, FileLookup& out) noexcept {
    char buf[48];
    char* p = buf;
    *p++ = '"';
    p = std::to_chars(p, buf + sizeof buf, static_cast<unsigned long long>(st.st_size), 16).ptr;
    *p++ = '-';
    p = std::to_chars(p, buf + sizeof buf, static_cast<unsigned long long>(st.st_mtime), 16).ptr;
    *p++ = '"';
    out.set_etag({buf, static_cast<std::size_t>(p - buf)});
}

}  // namespace

Result<std::unique_ptr<DirSite>> DirSite::create(std::string root) {
    while (root.size() > 1 && root.back() == '/') {
        root.pop_back();
    }
    struct stat st {};
    if (::stat(root.c_str(), &st) != 0) {
        return Error::from_errno("site directory " + root, errno);
    }
    if (!S_ISDIR(st.st_mode)) {
        return Error(std::make_error_code(std::errc::not_a_directory), "site directory " + root);
    }
    if (root == "/") {
        root.clear();  // paths start with '/' already
    }
    return std::make_unique<DirSite>(Key(), std::move(root));
}

FileLookup DirSite::lookup(std::string_view path, std::span<char> scratch) const {
    FileLookup out;
    const std::size_t full = root_.size() + path.size();
    if (full + 1 > scratch.size()) {
        out.kind = FileLookup::Kind::TooLong;
        return out;
    }
    char* const p = scratch.data();
    std::memcpy(p, root_.data(), root_.size());
    std::memcpy(p + root_.size(), path.data(), path.size());
    p[full] = '\0';
    // Every directory between the root and the file must be a real directory, not a symlink.
    for (std::size_t i = root_.size() + 1; i < full; ++i) {
        if (p[i] != '/') {
            continue;
        }
        p[i] = '\0';
        struct stat st {};
        const bool ok = stat_nofollow(p, &st) == 0 && S_ISDIR(st.st_mode);
        p[i] = '/';
        if (!ok) {
            return out;
        }
    }
#ifndef O_NOFOLLOW
    struct stat link {};
    if (stat_nofollow(p, &link) != 0 || S_ISLNK(link.st_mode)) {
        return out;
    }
#endif
    FileHandle fd(::open(p, open_flags()));
    if (!fd.valid()) {
        return out;  // missing, a symlink (ELOOP), or unreadable: all answered as not found
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        return out;
    }
    if (S_ISDIR(st.st_mode)) {
        out.kind = FileLookup::Kind::Directory;
        return out;
    }
    if (!S_ISREG(st.st_mode)) {
        return out;
    }
    out.kind = FileLookup::Kind::File;
    out.body.kind = Body::Kind::File;
    out.body.file = std::move(fd);
    out.body.offset = 0;
    out.body.length = static_cast<std::uint64_t>(st.st_size);
    make_etag(st, out);
    return out;
}

Result<std::unique_ptr<Site>> open_site(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return Error::from_errno("site " + path, errno);
    }
    if (S_ISDIR(st.st_mode)) {
        auto dir = DirSite::create(path);
        if (!dir) {
            return dir.error();
        }
        return std::unique_ptr<Site>(std::move(*dir));
    }
    auto file = romfs::ImageFile::load(path);
    if (!file) {
        return file.error();
    }
    auto site = RomfsSite::create(std::move(*file));
    if (!site) {
        return site.error();
    }
    return std::unique_ptr<Site>(std::move(*site));
}

}  // namespace mcustd::http
