// FileCache: DirSite's file cache. Maps a site path to the file's bytes (small files) or to an
// open descriptor of it (bigger ones, sent with sendfile), its ETag and the stat identity they
// were read or opened under. find() answers only if the identity DirSite just got from lstat
// still matches, so a rewritten, touched or replaced file is read again; probe() answers
// without a stat if the entry was validated that way recently enough (DirSite's bounded
// revalidation interval). Times are steady-clock nanoseconds. Bounded in bytes (content + key + a
// per-entry overhead estimate) and in open descriptors, least recently used out first. Thread-safe:
// one mutex around a hash lookup and a list splice; the stat and any file reading happen outside
// it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mcustd/http/response.hpp"

namespace mcustd::http::detail {

// What identifies one version of a file: any write, truncate, chmod, rename-replace or utimensat
// changes at least one of these (ctime is set by the kernel on every change and cannot be set
// by the caller).
struct FileIdentity {
    std::uint64_t dev = 0;
    std::uint64_t ino = 0;
    std::uint64_t size = 0;
    std::int64_t mtime_sec = 0;
    std::int64_t mtime_nsec = 0;
    std::int64_t ctime_sec = 0;
    std::int64_t ctime_nsec = 0;

    friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

// One cached version of a file: its bytes, or (`fd` valid, `bytes` empty) the file opened once
// for every response to sendfile from. Immutable once built; responses share it (Body::owner),
// so a descriptor stays open until the last response using it is sent. Sharing one descriptor
// is safe because sendfile and pread take the offset: nobody moves its file position.
struct CachedFile {
    FileIdentity identity;
    std::vector<std::byte> bytes;
    FileHandle fd;
    std::array<char, 48> etag{};
    std::uint8_t etag_size = 0;
};

struct FileCacheStats {
    std::size_t entries = 0;
    std::size_t bytes = 0;       // charged bytes (see FileCache::charge), always <= capacity
    std::size_t open_files = 0;  // entries holding a descriptor, always <= open_max
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;  // lookups that found no entry or a stale one
};

class FileCache {
  public:
    FileCache(std::size_t capacity, std::size_t open_max)
        : capacity_(capacity), open_max_(open_max) {}

    struct Probe {
        std::shared_ptr<const CachedFile> fresh;  // validated at or after `not_before`: serve it
        bool present = false;                     // an entry exists (then find() decides)
    };
    // First look, before any stat: a fresh entry is served as is; an absent one (counted as a
    // miss) means the file is opened at once, without the lstat that validating would need.
    [[nodiscard]] Probe probe(std::string_view path, std::int64_t not_before);
    // The entry for `path` if it was read under `id` (then validated at `now`); a stale entry is
    // dropped (and counted as a miss) so a file that grew past the size limit frees its memory.
    [[nodiscard]] std::shared_ptr<const CachedFile> find(std::string_view path,
                                                         const FileIdentity& id, std::int64_t now);
    // Adds or replaces the entry for `path` (validated at `now`), evicting least recently used
    // entries to stay within the capacity (and, for a descriptor entry, the least recently used
    // descriptor entries to stay within open_max). An entry larger than the whole capacity, or
    // a descriptor with open_max 0, is not kept.
    void insert(std::string_view path, std::shared_ptr<const CachedFile> file, std::int64_t now);

    // Drops the entry for `path`, if any: its path no longer leads to a file we may serve (so a
    // deleted big file's descriptor does not keep its disk space).
    void erase(std::string_view path);

    [[nodiscard]] FileCacheStats stats() const;

    // Memory an entry is charged: its bytes, its key, and the node, hash bucket, shared_ptr
    // control block and vector header around them (an upper estimate).
    static constexpr std::size_t kEntryOverhead = 160;
    [[nodiscard]] static std::size_t charge(std::size_t path_size, std::size_t content_size) {
        return path_size + content_size + kEntryOverhead;
    }

  private:
    struct Node {
        std::string path;
        std::shared_ptr<const CachedFile> file;
        std::size_t charged = 0;
        std::int64_t validated = 0;  // when the path's checks and identity last passed
    };
    using List = std::list<Node>;

    // Takes `it` out of the cache into `dropped`, to be destroyed outside the lock.
    void unlink_locked(List::iterator it, List& dropped);

    const std::size_t capacity_;
    const std::size_t open_max_;
    mutable std::mutex mutex_;
    List lru_;                                                    // most recently used first
    std::unordered_map<std::string_view, List::iterator> index_;  // keys view Node::path
    std::size_t bytes_ = 0;
    std::size_t open_ = 0;  // entries whose file holds a descriptor
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

}  // namespace mcustd::http::detail
