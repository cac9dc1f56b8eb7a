#include "mcustd/http/dir_site.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <limits>

#include "file_cache.hpp"
#include "mcustd/http/romfs_site.hpp"
#include "mcustd/romfs/content_tag.hpp"
#include "mcustd/romfs/image_file.hpp"

namespace mcustd::http {
namespace {

#if defined(__unix__) || defined(__APPLE__)
constexpr bool kFileCache = true;
#else
constexpr bool kFileCache = false;  // `if constexpr` keeps the cache's code out of MCU images
#endif

int open_flags() noexcept {
    int flags = O_RDONLY;
#ifdef O_NOFOLLOW
    flags |= O_NOFOLLOW;  // a symlink as the last component fails with ELOOP
#endif
#ifdef O_CLOEXEC
    flags |= O_CLOEXEC;
#endif
#ifdef O_NONBLOCK
    flags |= O_NONBLOCK;  // a FIFO put in the site must not block a worker (regular files: no-op)
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

// A file system with no timestamps (the MCU's /rom through the VFS, FAT without a clock) reports
// an mtime of exactly 0: a tag made from it would not change when the bytes do.
bool has_mtime(const struct stat& st) noexcept {
    return st.st_mtim.tv_sec != 0 || st.st_mtim.tv_nsec != 0;
}

// "\"<size hex>-<mtime s hex>.<mtime ns hex>\"" into `buf` (at most 44 bytes); returns its
// length. The nanoseconds matter: a same-size rewrite within one second must change the tag, or a
// client holding the old one gets 304 for bytes it never saw.
std::size_t format_etag(const struct stat& st, std::array<char, 48>& buf) noexcept {
    char* const end = buf.data() + buf.size();
    char* p = buf.data();
    *p++ = '"';
    p = std::to_chars(p, end, static_cast<unsigned long long>(st.st_size), 16).ptr;
    *p++ = '-';
    p = std::to_chars(p, end, static_cast<unsigned long long>(st.st_mtim.tv_sec), 16).ptr;
    *p++ = '.';
    p = std::to_chars(p, end, static_cast<unsigned long>(st.st_mtim.tv_nsec), 16).ptr;
    *p++ = '"';
    return static_cast<std::size_t>(p - buf.data());
}

// "\"<16 hex digits>\"": a content tag, as RomfsSite formats it (base/romfs etag()).
std::size_t format_tag(std::uint64_t h, std::array<char, 48>& buf) noexcept {
    static constexpr char kDigits[] = "0123456789abcdef";
    char* p = buf.data();
    *p++ = '"';
    for (int i = 0; i < 16; ++i) {
        *p++ = kDigits[(h >> (60 - 4 * i)) & 0xf];
    }
    *p++ = '"';
    return static_cast<std::size_t>(p - buf.data());
}

// Without an mtime the tag is the content tag of the bytes (base/romfs content_tag.hpp: the same
// tag RomfsSite gives the same file), read through `fd` with pread so the body still starts at
// offset 0. Costs one pass over the file per request, paid only where there is no timestamp.
// 0 on a read error or a short file.
std::size_t format_content_etag(int fd, std::uint64_t size, std::array<char, 48>& buf) noexcept {
    romfs::ContentTag tag;
    std::array<std::byte, 256> chunk{};
    std::uint64_t done = 0;
    while (done < size) {
        const std::size_t want =
            static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), size - done));
        const ssize_t n = ::pread(fd, chunk.data(), want, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return 0;
        }
        tag.update(std::span<const std::byte>(chunk.data(), static_cast<std::size_t>(n)));
        done += static_cast<std::uint64_t>(n);
    }
    return format_tag(tag.finish(), buf);
}

// The tag of an open regular file: size and mtime where there is one, else its content.
std::size_t file_etag(const struct stat& st, int fd, std::array<char, 48>& buf) noexcept {
    return has_mtime(st) ? format_etag(st, buf)
                         : format_content_etag(fd, static_cast<std::uint64_t>(st.st_size), buf);
}

detail::FileIdentity identity_of(const struct stat& st) noexcept {
    return {static_cast<std::uint64_t>(st.st_dev),
            static_cast<std::uint64_t>(st.st_ino),
            static_cast<std::uint64_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec),
            st.st_mtim.tv_nsec,
            static_cast<std::int64_t>(st.st_ctim.tv_sec),
            st.st_ctim.tv_nsec};
}

// True if the file's last change (ctime) is more than `settle` before now. A change after this
// point gets a ctime of at least now minus one timestamp tick, so it cannot look like this
// version when settle covers the file system's timestamp granularity.
bool settled(const struct stat& st, std::chrono::nanoseconds settle) noexcept {
    const auto changed =
        std::chrono::seconds(st.st_ctim.tv_sec) + std::chrono::nanoseconds(st.st_ctim.tv_nsec);
    return changed + settle < std::chrono::system_clock::now().time_since_epoch();
}

std::int64_t steady_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The whole of `fd` (known to be `size` bytes) in a new cache entry; null on a read error or if
// the file got shorter meanwhile.
std::shared_ptr<detail::CachedFile> read_file(int fd, std::size_t size) {
    auto file = std::make_shared<detail::CachedFile>();
    file->bytes.resize(size);
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, file->bytes.data() + got, size - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return nullptr;
        }
        got += static_cast<std::size_t>(n);
    }
    return file;
}

void serve_cached(std::shared_ptr<const detail::CachedFile> file, FileLookup& out) {
    out.kind = FileLookup::Kind::File;
#if MCUSTD_HTTP_SHARED_FILES
    if (file->fd.valid()) {
        out.body.kind = Body::Kind::File;  // sendfile from the descriptor the entry keeps open
        out.body.shared_fd = file->fd.get();
        out.body.offset = 0;
        out.body.length = file->identity.size;
    } else
#endif
    {
        out.body.kind = Body::Kind::Memory;
        out.body.memory = std::span<const std::byte>(file->bytes);
    }
    out.set_etag({file->etag.data(), file->etag_size});
    if (file->identity.mtime_sec != 0 || file->identity.mtime_nsec != 0) {
        out.last_modified = file->identity.mtime_sec;  // none where the file system keeps no time
    }
    out.body.owner = std::move(file);
}

}  // namespace

void detail::FileCacheDelete::operator()(FileCache* cache) const noexcept {
    if constexpr (kFileCache) {
        delete cache;
    }
}

DirSite::DirSite(Key, std::string root, DirSiteOptions options)
    : root_(std::move(root)), options_(options) {
    if constexpr (kFileCache) {
        if (options.cache_bytes > 0 && options.cache_file_max > 0) {
            cache_.reset(new detail::FileCache(options.cache_bytes, options.cache_open_max));
        }
    }
}

DirSite::~DirSite() = default;

std::size_t DirSite::descriptors_held(const DirSiteOptions& options) noexcept {
    const bool cache = kFileCache && options.cache_bytes > 0 && options.cache_file_max > 0;
    return cache ? options.cache_open_max : 0;
}

DirSiteCacheStats DirSite::cache_stats() const {
    if constexpr (kFileCache) {
        if (cache_) {
            const detail::FileCacheStats s = cache_->stats();
            return {s.entries, s.bytes, s.open_files, s.hits, s.misses};
        }
    }
    return {};
}

Result<std::unique_ptr<DirSite>> DirSite::create(std::string root, DirSiteOptions options) {
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
    return std::make_unique<DirSite>(Key(), std::move(root), options);
}

FileLookup DirSite::lookup(std::string_view path, std::span<char> scratch) const {
    FileLookup out;
    const std::size_t full = root_.size() + path.size();
    if (full + 1 > scratch.size()) {
        out.kind = FileLookup::Kind::TooLong;
        return out;
    }
    // Taken before the checks below, so an entry's validation time errs on the early side.
    const std::int64_t now = cache_ ? steady_ns() : 0;
    bool cached = false;  // an entry exists: an lstat validates it before anything is opened
    // A cached path that no longer leads to a file to serve loses its entry.
    const auto forget = [&] {
        if constexpr (kFileCache) {
            if (cached) {
                cache_->erase(path);
            }
        }
    };
    if constexpr (kFileCache) {
        if (cache_) {
            const std::int64_t revalidate = options_.cache_revalidate.count();
            const std::int64_t not_before =
                revalidate > 0 ? now - revalidate : std::numeric_limits<std::int64_t>::max();
            detail::FileCache::Probe probe = cache_->probe(path, not_before);
            if (probe.fresh) {
                serve_cached(std::move(probe.fresh), out);
                return out;
            }
            cached = probe.present;
        }
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
            forget();
            return out;
        }
    }
    struct stat st {};
    if constexpr (kFileCache) {
        // Is the cached copy still this file? A hit costs no call besides these lstats. On a
        // mismatch (also for a file grown too big) the entry is dropped and the file opened.
        if (cached) {
            if (stat_nofollow(p, &st) != 0 || S_ISLNK(st.st_mode)) {
                forget();
                return out;
            }
            if (auto hit = cache_->find(path, identity_of(st), now)) {
                serve_cached(std::move(hit), out);
                return out;
            }
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
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if constexpr (kFileCache) {
        if (cache_ && size <= options_.cache_file_max && settled(st, options_.cache_settle)) {
            // Read it, then check nothing changed while reading: only a whole version is cached.
            auto file = read_file(fd.get(), static_cast<std::size_t>(size));
            struct stat after {};
            if (file && ::fstat(fd.get(), &after) == 0 && identity_of(after) == identity_of(st)) {
                file->identity = identity_of(st);
                std::size_t n = 0;
                if (has_mtime(st)) {
                    n = format_etag(st, file->etag);
                } else {
                    romfs::ContentTag tag;
                    tag.update(file->bytes);
                    n = format_tag(tag.finish(), file->etag);
                }
                file->etag_size = static_cast<std::uint8_t>(n);
                cache_->insert(path, file, now);
                serve_cached(std::move(file), out);
                return out;
            }
        }
    }
    if constexpr (kFileCache) {
        // Too big for memory: keep the descriptor open for the next requests instead.
        if (cache_ && size > options_.cache_file_max && options_.cache_open_max > 0 &&
            settled(st, options_.cache_settle)) {
            auto file = std::make_shared<detail::CachedFile>();
            const std::size_t n = file_etag(st, fd.get(), file->etag);
            if (n == 0) {
                return FileLookup{};  // unreadable now: answered as not found, as below
            }
            file->identity = identity_of(st);
            file->etag_size = static_cast<std::uint8_t>(n);
            file->fd = std::move(fd);
            cache_->insert(path, file, now);
            serve_cached(std::move(file), out);
            return out;
        }
    }
    out.kind = FileLookup::Kind::File;
    out.body.kind = Body::Kind::File;
    out.body.file = std::move(fd);
    out.body.offset = 0;
    out.body.length = size;
    std::array<char, 48> etag{};
    const std::size_t etag_size = file_etag(st, out.body.file.get(), etag);
    if (etag_size == 0) {
        return FileLookup{};  // unreadable now: answered as not found, as an open failure is
    }
    out.set_etag({etag.data(), etag_size});
    if (has_mtime(st)) {
        out.last_modified = static_cast<std::int64_t>(st.st_mtim.tv_sec);
    }
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
