// FileCache: DirSite's small-file cache. Maps a site path to the file's bytes, ETag and the stat
// identity they were read under. find() answers only if the identity DirSite just got from lstat
// still matches, so a rewritten, touched or replaced file is read again; probe() answers
// without a stat if the entry was validated that way recently enough (DirSite's bounded
// revalidation interval). Times are steady-clock nanoseconds. Bounded in bytes (content + key + a
// per-entry overhead estimate), least recently used out first. Thread-safe: one mutex around a hash
// lookup and a list splice; the stat and any file reading happen outside it.
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

// One cached version of a file. Immutable once built; responses share it (Body::owner).
struct CachedFile {
    FileIdentity identity;
    std::vector<std::byte> bytes;
    std::array<char, 48> etag{};
    std::uint8_t etag_size = 0;
};

struct FileCacheStats {
    std::size_t entries = 0;
    std::size_t bytes = 0;  // charged bytes (see FileCache::charge), always <= capacity
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;  // lookups that found no entry or a stale one
};

class FileCache {
  public:
    explicit FileCache(std::size_t capacity) : capacity_(capacity) {}

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
    // entries to stay within the capacity. An entry larger than the whole capacity is not kept.
    void insert(std::string_view path, std::shared_ptr<const CachedFile> file, std::int64_t now);

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
    mutable std::mutex mutex_;
    List lru_;                                                    // most recently used first
    std::unordered_map<std::string_view, List::iterator> index_;  // keys view Node::path
    std::size_t bytes_ = 0;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

}  // namespace mcustd::http::detail
