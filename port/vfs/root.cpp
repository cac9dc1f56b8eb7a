// "/" when no file system is mounted there: a read-only directory whose entries are the first
// components of the mount points, so that chdir("/"), stat("/") and listing "/" work. Every other
// path it is asked about is outside any mount: -ENOENT.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "internal.hpp"

namespace mcustd::vfs::detail {
namespace {

bool is_root(const char* path) {
    return std::strcmp(path, "/") == 0;
}

class RootDirectory final : public Directory {
  public:
    RootDirectory() { count_ = mount_points(points_); }

    int next(char* name, std::size_t name_size, bool& is_dir) override {
        while (index_ < count_) {
            const char* p = points_[index_++].data() + 1;  // "/rom" -> "rom"
            const std::size_t n = std::strcspn(p, "/");
            if (n == 0 || seen_before(p, n)) {
                continue;  // "/" itself, or "/a/b" after "/a"
            }
            if (n >= name_size) {
                return -ENAMETOOLONG;
            }
            std::memcpy(name, p, n);
            name[n] = '\0';
            is_dir = true;
            return 1;
        }
        return 0;
    }

  private:
    bool seen_before(const char* p, std::size_t n) const {
        for (std::size_t i = 0; i + 1 < index_; ++i) {
            const char* q = points_[i].data() + 1;
            if (std::strncmp(p, q, n) == 0 && (q[n] == '\0' || q[n] == '/')) {
                return true;
            }
        }
        return false;
    }

    MountPoints points_{};
    std::size_t count_ = 0;
    std::size_t index_ = 0;
};

class RootFs final : public FileSystem {
  public:
    int open(const char* path, int, mode_t, std::shared_ptr<OpenFile>&) override {
        return is_root(path) ? -EISDIR : -ENOENT;
    }
    int stat(const char* path, struct stat& st) override {
        if (!is_root(path)) {
            return -ENOENT;
        }
        st.st_mode = S_IFDIR | 0555;
        st.st_nlink = 2;
        return 0;
    }
    int opendir(const char* path, std::unique_ptr<Directory>& out) override {
        if (!is_root(path)) {
            return -ENOENT;
        }
        out = std::make_unique<RootDirectory>();
        return 0;
    }
    // "/" exists and cannot change; anything below it that no mount covers does not exist.
    int mkdir(const char* path, mode_t) override { return is_root(path) ? -EEXIST : -ENOENT; }
    int rmdir(const char* path) override { return is_root(path) ? -EBUSY : -ENOENT; }
    int unlink(const char* path) override { return is_root(path) ? -EISDIR : -ENOENT; }
    int link(const char* from, const char*) override { return is_root(from) ? -EPERM : -ENOENT; }
    int rename(const char* from, const char*) override { return is_root(from) ? -EBUSY : -ENOENT; }
    int symlink(const char*, const char* path) override {
        return is_root(path) ? -EEXIST : -ENOENT;
    }
    int truncate(const char* path, long) override { return is_root(path) ? -EISDIR : -ENOENT; }
    int chmod(const char* path, mode_t) override { return is_root(path) ? -EROFS : -ENOENT; }
    int utimens(const char* path, const struct timespec*) override {
        return is_root(path) ? -EROFS : -ENOENT;
    }
};

}  // namespace

FileSystem& root_fs() {
    static RootFs fs;  // stateless: nothing to reset
    return fs;
}

}  // namespace mcustd::vfs::detail
