// A RAM file system for the VFS (mounted at /tmp by the firmware): directories, regular files,
// hard links, symbolic links, permissions and times, within a fixed byte budget.
//
//     static mcustd::ramfs::RamFs tmp(32 * 1024);  // must outlive the mount and its open files
//     mcustd::vfs::mount("/tmp", tmp);
//     // or: mcustd::ramfs::mount_tmp();           // the one /tmp of the image
//
// Budget: every heap byte the file system keeps is charged against `capacity` bytes (file data
// by allocated capacity, each node and directory entry with its name at a fixed cost). An
// operation that would exceed it fails with -ENOSPC (a write stores what fits and returns the
// short count), as does one whose allocation fails because the heap is exhausted: never a fault.
// Growing a file copies its data, so the heap briefly holds the old and the new block.
//
// Design limits: one lock for the whole file system (operations are short copies); permissions
// are stored and reported but not enforced (the MCU has one user, treated as root); directory
// streams return entries in name order, without "." and ".."; st_atime is updated only
// explicitly (utimens), like a noatime mount.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>

#include "mcustd/vfs.hpp"

namespace mcustd::ramfs {

struct Node;

// The byte budget, shared by the file system and the nodes it made (a node unlinked while open
// returns its bytes when the last descriptor closes, after the lock is gone).
class Budget {
  public:
    explicit Budget(std::size_t capacity) noexcept : capacity_(capacity) {}
    // Takes n bytes if they fit: true, else false and nothing taken.
    bool take(std::size_t n) noexcept;
    void give(std::size_t n) noexcept { used_.fetch_sub(n, std::memory_order_relaxed); }
    [[nodiscard]] std::size_t used() const noexcept {
        return used_.load(std::memory_order_relaxed);
    }
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

  private:
    std::size_t capacity_;
    std::atomic<std::size_t> used_{0};
};

class RamFs final : public vfs::FileSystem {
  public:
    explicit RamFs(std::size_t capacity);
    ~RamFs() override;

    int open(const char* path, int flags, mode_t mode,
             std::shared_ptr<vfs::OpenFile>& out) override;
    int stat(const char* path, struct stat& st) override;
    int opendir(const char* path, std::unique_ptr<vfs::Directory>& out) override;
    int mkdir(const char* path, mode_t mode) override;
    int rmdir(const char* path) override;
    int unlink(const char* path) override;
    int link(const char* from, const char* to) override;
    int rename(const char* from, const char* to) override;
    int symlink(const char* target, const char* path) override;
    long readlink(const char* path, char* buf, std::size_t size) override;
    int truncate(const char* path, long length) override;
    int chmod(const char* path, mode_t mode) override;
    int utimens(const char* path, const struct timespec* times) override;
    [[nodiscard]] bool has_symlinks() const override { return true; }
    [[nodiscard]] bool writable() const override { return true; }
    [[nodiscard]] Usage usage() const override { return {capacity(), capacity() - used()}; }

    // Bytes charged now (the root directory included) and the bound.
    [[nodiscard]] std::size_t used() const noexcept { return budget_->used(); }
    [[nodiscard]] std::size_t capacity() const noexcept { return budget_->capacity(); }

  private:
    // The lock, then `path` resolved (its directory and last name, or its node), then op, or
    // the resolution's error (ram_fs.cpp).
    template <typename Op>
    auto at_path(const char* path, Op&& op);
    template <typename Op>
    auto at_node(const char* path, Op&& op);
    ino_t next_ino() noexcept { return ++last_ino_; }

    std::shared_ptr<Budget> budget_;
    std::shared_ptr<std::mutex> lock_;  // shared with open files and directory streams
    std::shared_ptr<Node> root_;
    ino_t last_ino_ = 1;  // the root's
};

// The image's /tmp: a RamFs of `capacity` bytes mounted there (0, or the mount's -errno).
inline constexpr std::size_t kTmpCapacity = std::size_t{16} * 1024;
int mount_tmp(std::size_t capacity = kTmpCapacity);

}  // namespace mcustd::ramfs
