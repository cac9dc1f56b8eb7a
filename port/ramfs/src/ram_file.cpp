// RamFile and RamDir (ram_file.hpp).
#include "ram_file.hpp"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

namespace mcustd::ramfs {

long RamFile::read_at(void* buf, std::size_t n, std::size_t offset) {
    if (node_->is_dir()) {
        return -EISDIR;
    }
    const std::size_t size = node_->data.size();
    const std::size_t k = offset < size ? std::min(n, size - offset) : 0;
    std::memcpy(buf, node_->data.data() + offset, k);
    return static_cast<long>(k);
}

long RamFile::read(void* buf, std::size_t n) {
    std::lock_guard guard(*lock_);
    const long k = read_at(buf, n, pos_);
    if (k > 0) {
        pos_ += static_cast<std::size_t>(k);
    }
    return k;
}

long RamFile::pread(void* buf, std::size_t n, long offset) {
    std::lock_guard guard(*lock_);
    return read_at(buf, n, static_cast<std::size_t>(offset));
}

long RamFile::write(const void* buf, std::size_t n) {
    std::lock_guard guard(*lock_);
    Node& f = *node_;
    if ((flags() & O_APPEND) != 0) {
        pos_ = f.data.size();
    }
    if (n == 0) {
        return 0;
    }
    // Store what the budget allows: a short count, or ENOSPC when not one byte fits.
    const std::size_t cap = f.grow_towards(pos_ + n);
    if (cap <= pos_) {
        return -ENOSPC;
    }
    const std::size_t k = std::min(n, cap - pos_);
    if (pos_ + k > f.data.size()) {
        f.data.resize(pos_ + k);  // within capacity; a gap before pos_ reads as zeros
    }
    std::memcpy(f.data.data() + pos_, buf, k);
    pos_ += k;
    f.touch();
    return static_cast<long>(k);
}

long RamFile::lseek(long offset, int whence) {
    std::lock_guard guard(*lock_);
    const long to = vfs::seek_position(offset, whence, pos_, node_->data.size());
    if (to >= 0) {
        pos_ = static_cast<std::size_t>(to);
    }
    return to;
}

int RamFile::fstat(struct stat& st) {
    std::lock_guard guard(*lock_);
    node_->fill(st);
    return 0;
}

int RamFile::truncate(long length) {
    std::lock_guard guard(*lock_);
    if (!node_->is_file()) {
        return -EINVAL;
    }
    const int rc = node_->resize(static_cast<std::size_t>(length));
    if (rc == 0) {
        node_->touch();
    }
    return rc;
}

int RamFile::chmod(mode_t mode) {
    std::lock_guard guard(*lock_);
    node_->mode = (node_->mode & S_IFMT) | (mode & 07777);
    node_->ctime = now();
    return 0;
}

int RamFile::utimens(const struct timespec* times) {
    std::lock_guard guard(*lock_);
    return node_->set_times(times);
}

int RamDir::next(char* name, std::size_t name_size, bool& is_dir) {
    std::lock_guard guard(*lock_);
    const auto& entries = dir_->entries;
    const Entry* e = nullptr;
    if (!started_) {
        e = entries.empty() ? nullptr : &entries.front();
    } else {
        e = dir_->after(std::string_view(last_.data()));
    }
    if (e == nullptr) {
        return 0;
    }
    const std::size_t n = e->name.size();
    if (n >= name_size) {
        return -ENAMETOOLONG;
    }
    std::memcpy(name, e->name.c_str(), n + 1);
    std::memcpy(last_.data(), e->name.c_str(), n + 1);  // n <= kMaxName: checked at creation
    started_ = true;
    is_dir = e->node->is_dir();
    return 1;
}

}  // namespace mcustd::ramfs
