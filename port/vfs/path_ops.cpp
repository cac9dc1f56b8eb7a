// The VFS's path operations: resolve the path (path.cpp), then ask the file system that holds it.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "internal.hpp"

namespace mcustd::vfs {

using detail::resolve;
using detail::Resolved;

namespace {

constexpr bool kFollow = true;
constexpr bool kNoFollow = false;

// "a/b/" names a directory: stat through the trailing slash must find one.
int check_trailing_slash(const Resolved& r, const struct stat& st) {
    return r.trailing_slash && !S_ISDIR(st.st_mode) ? -ENOTDIR : 0;
}

// POSIX: rmdir and rename refuse a path whose last component is "." or "..".
bool ends_in_dot(const char* path) {
    std::size_t n = std::strlen(path);
    while (n > 1 && path[n - 1] == '/') {
        --n;
    }
    const std::size_t start = n;
    std::size_t b = start;
    while (b > 0 && path[b - 1] != '/') {
        --b;
    }
    const std::size_t len = start - b;
    return (len == 1 && path[b] == '.') || (len == 2 && path[b] == '.' && path[b + 1] == '.');
}

}  // namespace

int open(const char* path, int flags, mode_t mode) {
    Resolved r;
    // O_CREAT|O_EXCL must not follow a final link (the name exists: EEXIST).
    const bool excl = (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL);
    if (const int rc = resolve(path, !excl, r); rc < 0) {
        return rc;
    }
    if (r.trailing_slash) {
        struct stat st {};
        if (r.fs->stat(r.rest, st) < 0) {
            return (flags & O_CREAT) != 0 ? -EISDIR : -ENOENT;
        }
        if (const int rc = check_trailing_slash(r, st); rc < 0) {
            return rc;
        }
    }
    std::shared_ptr<OpenFile> file;
    if (const int rc = r.fs->open(r.rest, flags, mode, file); rc < 0) {
        return rc;
    }
    const int fd = install(file, flags & ~(O_CREAT | O_EXCL | O_TRUNC));
    if (fd < 0) {
        (void)file->close();
    }
    return fd;
}

namespace {

// stat() and lstat(): the same but for whether a final symbolic link is followed.
int stat_resolved(const char* path, bool follow, struct stat& st) {
    Resolved r;
    if (const int rc = resolve(path, follow, r); rc < 0) {
        return rc;
    }
    st = {};
    const int rc = r.fs->stat(r.rest, st);
    return rc < 0 ? rc : check_trailing_slash(r, st);
}

// link() and rename(): both paths as named (a final symbolic link is the entry itself).
int resolve_both(const char* from, const char* to, Resolved& a, Resolved& b) {
    if (const int rc = resolve(from, kNoFollow, a); rc < 0) {
        return rc;
    }
    return resolve(to, kNoFollow, b);
}

}  // namespace

int stat(const char* path, struct stat& st) {
    return stat_resolved(path, kFollow, st);
}

int lstat(const char* path, struct stat& st) {
    return stat_resolved(path, kNoFollow, st);
}

int statvfs(const char* path, struct ::statvfs& out) {
    struct stat st {};
    if (const int rc = stat(path, st); rc < 0) {
        return rc;
    }
    Resolved r;
    if (const int rc = resolve(path, kFollow, r); rc < 0) {
        return rc;
    }
    const FileSystem::Usage u = r.fs->usage();
    out = {};
    out.f_bsize = 1;
    out.f_frsize = 1;
    out.f_blocks = static_cast<fsblkcnt_t>(u.total);
    out.f_bfree = static_cast<fsblkcnt_t>(u.free);
    out.f_bavail = static_cast<fsblkcnt_t>(u.free);
    out.f_flag = r.fs->writable() ? 0 : ST_RDONLY;
    out.f_namemax = kMaxName;
    return 0;
}

int mkdir(const char* path, mode_t mode) {
    Resolved r;
    const int rc = resolve(path, kNoFollow, r);
    return rc < 0 ? rc : r.fs->mkdir(r.rest, mode);
}

int rmdir(const char* path) {
    Resolved r;
    if (const int rc = resolve(path, kNoFollow, r); rc < 0) {
        return rc;
    }
    return ends_in_dot(path) ? -EINVAL : r.fs->rmdir(r.rest);
}

int unlink(const char* path) {
    Resolved r;
    if (const int rc = resolve(path, kNoFollow, r); rc < 0) {
        return rc;
    }
    if (r.trailing_slash) {  // names a directory, which unlink does not remove
        struct stat st {};
        const int rc = r.fs->stat(r.rest, st);
        return rc < 0 ? rc : S_ISDIR(st.st_mode) ? -EISDIR : -ENOTDIR;
    }
    return r.fs->unlink(r.rest);
}

int link(const char* from, const char* to) {
    Resolved a;
    Resolved b;
    if (const int rc = resolve_both(from, to, a, b); rc < 0) {
        return rc;
    }
    return a.fs != b.fs ? -EXDEV : a.fs->link(a.rest, b.rest);
}

int rename(const char* from, const char* to) {
    Resolved a;
    Resolved b;
    if (const int rc = resolve_both(from, to, a, b); rc < 0) {
        return rc;
    }
    if (ends_in_dot(from) || ends_in_dot(to)) {
        return -EINVAL;
    }
    return a.fs != b.fs ? -EXDEV : a.fs->rename(a.rest, b.rest);
}

int symlink(const char* target, const char* path) {
    if (target == nullptr) {
        return -EFAULT;
    }
    const std::size_t n = std::strlen(target);
    if (n == 0) {
        return -ENOENT;
    }
    if (n >= kMaxPath) {
        return -ENAMETOOLONG;
    }
    Resolved r;
    const int rc = resolve(path, kNoFollow, r);
    return rc < 0 ? rc : r.fs->symlink(target, r.rest);
}

long readlink(const char* path, char* buf, std::size_t size) {
    Resolved r;
    if (const int rc = resolve(path, kNoFollow, r); rc < 0) {
        return rc;
    }
    if (!r.fs->has_symlinks()) {
        struct stat st {};
        const int rc = r.fs->stat(r.rest, st);
        return rc < 0 ? rc : -EINVAL;  // exists, but is not a link
    }
    return size == 0 ? -EINVAL : r.fs->readlink(r.rest, buf, size);
}

int truncate(const char* path, long length) {
    Resolved r;
    if (const int rc = resolve(path, kFollow, r); rc < 0) {
        return rc;
    }
    return length < 0 ? -EINVAL : r.fs->truncate(r.rest, length);
}

int chmod(const char* path, mode_t mode) {
    Resolved r;
    const int rc = resolve(path, kFollow, r);
    return rc < 0 ? rc : r.fs->chmod(r.rest, mode);
}

int utimens(const char* path, const struct timespec* times, bool follow) {
    Resolved r;
    const int rc = resolve(path, follow, r);
    return rc < 0 ? rc : r.fs->utimens(r.rest, times);
}

int access(const char* path, int mode) {
    if ((mode & ~(R_OK | W_OK | X_OK)) != 0) {
        return -EINVAL;
    }
    Resolved r;
    if (const int rc = resolve(path, kFollow, r); rc < 0) {
        return rc;
    }
    struct stat st {};
    if (const int rc = r.fs->stat(r.rest, st); rc < 0) {
        return rc;
    }
    if ((mode & W_OK) != 0 && !r.fs->writable()) {
        return -EROFS;
    }
    if ((mode & X_OK) != 0 && (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0) {
        return -EACCES;
    }
    return 0;
}

int opendir(const char* path, std::unique_ptr<Directory>& out) {
    Resolved r;
    if (const int rc = resolve(path, kFollow, r); rc < 0) {
        return rc;
    }
    return r.fs->opendir(r.rest, out);
}

}  // namespace mcustd::vfs
