#include "file_cache.hpp"

#include <utility>

namespace mcustd::http::detail {

FileCache::Probe FileCache::probe(std::string_view path, std::int64_t not_before) {
    const std::lock_guard lock(mutex_);
    const auto found = index_.find(path);
    if (found == index_.end()) {
        ++misses_;
        return {};
    }
    if (found->second->validated < not_before) {
        return {nullptr, true};
    }
    ++hits_;
    lru_.splice(lru_.begin(), lru_, found->second);
    return {found->second->file, true};
}

std::shared_ptr<const CachedFile> FileCache::find(std::string_view path, const FileIdentity& id,
                                                  std::int64_t now) {
    List dropped;  // freed after the lock is released
    const std::lock_guard lock(mutex_);
    const auto found = index_.find(path);
    if (found == index_.end()) {
        ++misses_;
        return nullptr;
    }
    const List::iterator it = found->second;
    if (!(it->file->identity == id)) {
        ++misses_;
        unlink_locked(it, dropped);
        return nullptr;
    }
    ++hits_;
    it->validated = now;
    lru_.splice(lru_.begin(), lru_, it);  // no allocation: the node moves, its key view stays
    return it->file;
}

void FileCache::insert(std::string_view path, std::shared_ptr<const CachedFile> file,
                       std::int64_t now) {
    const std::size_t charged = charge(path.size(), file->bytes.size());
    const bool holds_fd = file->fd.valid();
    if (charged > capacity_ || (holds_fd && open_max_ == 0)) {
        return;
    }
    // Build the node before taking the lock: the allocations need not be serialised.
    List node;
    node.push_back(Node{std::string(path), std::move(file), charged, now});
    List dropped;  // declared before the lock: freed after it is released
    const std::lock_guard lock(mutex_);
    if (const auto old = index_.find(path); old != index_.end()) {
        unlink_locked(old->second, dropped);  // another worker read the file too, or it changed
    }
    while (bytes_ + charged > capacity_ && !lru_.empty()) {
        unlink_locked(std::prev(lru_.end()), dropped);
    }
    if (holds_fd && open_ >= open_max_) {
        // The least recently used descriptor entry makes room. The walk from the old end passes
        // memory entries only, and runs only when a new big file is opened at the bound.
        for (auto it = lru_.end(); it != lru_.begin();) {
            if ((--it)->file->fd.valid()) {
                unlink_locked(it, dropped);
                break;
            }
        }
    }
    lru_.splice(lru_.begin(), node);
    index_.emplace(lru_.front().path, lru_.begin());
    bytes_ += charged;
    open_ += holds_fd ? 1 : 0;
}

void FileCache::erase(std::string_view path) {
    List dropped;  // freed (a descriptor closed) after the lock is released
    const std::lock_guard lock(mutex_);
    if (const auto found = index_.find(path); found != index_.end()) {
        unlink_locked(found->second, dropped);
    }
}

FileCacheStats FileCache::stats() const {
    const std::lock_guard lock(mutex_);
    return {lru_.size(), bytes_, open_, hits_, misses_};
}

void FileCache::unlink_locked(List::iterator it, List& dropped) {
    index_.erase(it->path);
    bytes_ -= it->charged;
    open_ -= it->file->fd.valid() ? 1 : 0;
    // Responses still sending this version keep its bytes (or descriptor) alive: Body::owner.
    dropped.splice(dropped.end(), lru_, it);
}

}  // namespace mcustd::http::detail
