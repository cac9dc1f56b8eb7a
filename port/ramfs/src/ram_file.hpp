// Open files and directory streams of the RAM file system: each keeps its node alive (an
// unlinked file stays readable until closed) and takes the file system's lock per call.
#pragma once

#include <array>
#include <memory>
#include <mutex>

#include "node.hpp"

namespace mcustd::ramfs {

class RamFile final : public vfs::OpenFile {
  public:
    RamFile(std::shared_ptr<std::mutex> lock, std::shared_ptr<Node> node) noexcept
        : lock_(std::move(lock)), node_(std::move(node)) {}

    long read(void* buf, std::size_t n) override;
    long pread(void* buf, std::size_t n, long offset) override;
    long write(const void* buf, std::size_t n) override;
    long lseek(long offset, int whence) override;
    int fstat(struct stat& st) override;
    int truncate(long length) override;
    int chmod(mode_t mode) override;
    int utimens(const struct timespec* times) override;

  private:
    long read_at(void* buf, std::size_t n, std::size_t offset);

    std::shared_ptr<std::mutex> lock_;
    std::shared_ptr<Node> node_;
    std::size_t pos_ = 0;
};

class RamDir final : public vfs::Directory {
  public:
    RamDir(std::shared_ptr<std::mutex> lock, std::shared_ptr<Node> dir) noexcept
        : lock_(std::move(lock)), dir_(std::move(dir)) {}

    // Entries in name order; resumes after the last name returned, so entries removed or
    // added meanwhile (remove_all removes as it lists) never make it skip or repeat one.
    int next(char* name, std::size_t name_size, bool& is_dir) override;

  private:
    std::shared_ptr<std::mutex> lock_;
    std::shared_ptr<Node> dir_;
    std::array<char, vfs::kMaxName + 1> last_{};
    bool started_ = false;
};

}  // namespace mcustd::ramfs
