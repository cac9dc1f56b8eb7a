// DirSite: a Site over a directory on disk. Symbolic links are refused anywhere under the root
// (each intermediate directory and the file itself are checked with lstat, and the file is opened
// with O_NOFOLLOW), so no link can lead outside it. The ETag is made from size and mtime, which is
// also the Last-Modified time.
//
// Small files (<= cache_file_max) are served from an in-memory cache as Memory bodies (head and
// body in one write); bigger ones go out as a File body for sendfile(), from a descriptor the
// cache keeps open (at most cache_open_max of them), so a warm request for a big file costs no
// open, fstat or close either (nginx's open_file_cache, which its default leaves off). An entry
// is revalidated by the same lstats that check the path: it is used only if (dev, ino, size,
// mtime, ctime) are unchanged. Those checks run on every request with cache_revalidate = 0, else
// at most that long apart (default 10 ms: the bound on serving a changed file's old version). A
// file is cached only once its ctime is `cache_settle` old, so a write in the same timestamp tick
// as the read cannot hide behind an unchanged identity. The cache exists on Unix hosts only: an
// MCU has neither the RAM for it nor a directory site to serve. POSIX calls only (open, read,
// fstat, lstat, close): the ones a newlib/lwIP system also has.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "mcustd/http/site.hpp"
#include "mcustd/result.hpp"

namespace mcustd::http {

namespace detail {
class FileCache;
struct FileCacheDelete {  // out of line: the MCU build never creates a cache nor links its code
    void operator()(FileCache* cache) const noexcept;
};
}  // namespace detail

struct DirSiteOptions {
    std::size_t cache_bytes = std::size_t{1} << 20;      // total charged memory; 0: no cache
    std::size_t cache_file_max = std::size_t{16} << 10;  // larger files go out by sendfile
    // A file changed less than this long ago is served but not cached yet. Covers timestamp
    // granularity: a Linux tick (<= 10 ms) up to FAT's 2 s.
    std::chrono::nanoseconds cache_settle = std::chrono::seconds(2);
    // How long a cached file is served without checking the path again. 0: lstat on every
    // request (exact: a change is seen by the next request). Above 0, a change (or a directory
    // swapped for a link) is seen within this time; that saves the lstats that cost ~15% of a
    // small response, which the 1 KiB benchmark target needs.
    std::chrono::nanoseconds cache_revalidate = std::chrono::milliseconds(10);
    // Descriptors of files above cache_file_max kept open (each is also charged its path and
    // the entry overhead); 0: such files are opened per request. A server that sizes its
    // connection cap from the descriptor limit reserves these (apps/webserver).
    std::size_t cache_open_max = 32;
};

struct DirSiteCacheStats {
    std::size_t entries = 0;
    std::size_t bytes = 0;       // content + keys + per-entry overhead, <= cache_bytes
    std::size_t open_files = 0;  // entries holding a big file's descriptor, <= cache_open_max
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
};

class DirSite final : public Site {
  public:
    // Fails (naming the path) if `root` is not a directory.
    [[nodiscard]] static Result<std::unique_ptr<DirSite>> create(std::string root,
                                                                 DirSiteOptions options = {});

    [[nodiscard]] FileLookup lookup(std::string_view path, std::span<char> scratch) const override;
    // The root, the path and a NUL: the file-system path is built in the scratch.
    [[nodiscard]] std::size_t scratch_size(std::size_t path_size) const noexcept override {
        return root_.size() + path_size + 1;
    }

    [[nodiscard]] DirSiteCacheStats cache_stats() const;
    // Descriptors a site made with `options` may keep open between requests: cache_open_max
    // where the cache exists, 0 where it does not (the MCU).
    [[nodiscard]] static std::size_t descriptors_held(const DirSiteOptions& options) noexcept;

  private:
    struct Key {
        explicit Key() = default;
    };

  public:
    DirSite(Key, std::string root, DirSiteOptions options);  // only create() can make one
    ~DirSite() override;
    DirSite(const DirSite&) = delete;
    DirSite& operator=(const DirSite&) = delete;

  private:
    std::string root_;  // without trailing '/'
    DirSiteOptions options_;
    std::unique_ptr<detail::FileCache, detail::FileCacheDelete> cache_;  // null when disabled
};

// `--site IMAGE|DIR`: a directory becomes a DirSite; a file is read into memory as a romfs image
// and becomes a RomfsSite that owns it. Errors name the path.
[[nodiscard]] Result<std::unique_ptr<Site>> open_site(const std::string& path);

}  // namespace mcustd::http
