// The POSIX file-system calls std::filesystem and std::fstream use (libstdc++.a's fs_ops member
// calls them by their plain names) beyond the basic ones in syscalls.cpp: each resolves through the
// VFS and reports failure as -1 with errno (picolibc's, per thread) set. statvfs() (picolibc has
// no <sys/statvfs.h>: port/vfs/posix has it) reports FileSystem::usage(); rename(), remove() and
// access() are defined here, replacing libc.a's (its remove() and rename() are not atomic over
// the VFS, and access() knows no EROFS).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <utime.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "mcustd/vfs.hpp"

namespace vfs = mcustd::vfs;

namespace {

int result(long rc) {
    if (rc < 0) {
        errno = static_cast<int>(-rc);
        return -1;
    }
    return 0;
}

// The *at() calls accept AT_FDCWD (or any dirfd with an absolute path): there are no directory
// descriptors on this system.
int check_dirfd(int dirfd, const char* path) {
    return dirfd == AT_FDCWD || (path != nullptr && path[0] == '/') ? 0 : -EBADF;
}

}  // namespace

extern "C" {

int mkdir(const char* path, mode_t mode) {
    return result(vfs::mkdir(path, mode));
}

int rmdir(const char* path) {
    return result(vfs::rmdir(path));
}

// One VFS call: atomic, and able to move a directory.
int rename(const char* from, const char* to) {
    return result(vfs::rename(from, to));
}

int remove(const char* path) {
    long rc = vfs::unlink(path);
    if (rc == -EISDIR) {
        rc = vfs::rmdir(path);
    }
    return result(rc);
}

int chdir(const char* path) {
    return result(vfs::chdir(path));
}

// getcwd(nullptr, 0) allocates, as glibc and the BSDs do (the caller frees).
char* getcwd(char* buf, size_t size) {
    if (buf == nullptr && size == 0) {
        char tmp[vfs::kMaxPath];
        if (result(vfs::getcwd(tmp, sizeof tmp)) < 0) {
            return nullptr;
        }
        char* copy = static_cast<char*>(std::malloc(std::strlen(tmp) + 1));
        if (copy == nullptr) {
            errno = ENOMEM;
            return nullptr;
        }
        return std::strcpy(copy, tmp);
    }
    if (buf == nullptr) {
        errno = EINVAL;
        return nullptr;
    }
    return result(vfs::getcwd(buf, size)) < 0 ? nullptr : buf;
}

int symlink(const char* target, const char* path) {
    return result(vfs::symlink(target, path));
}

ssize_t readlink(const char* __restrict path, char* __restrict buf, size_t size) {
    const long n = vfs::readlink(path, buf, size);
    return n < 0 ? result(n) : static_cast<ssize_t>(n);
}

int lstat(const char* __restrict path, struct stat* __restrict st) {
    return result(vfs::lstat(path, *st));
}

int statvfs(const char* __restrict path, struct statvfs* __restrict buf) {
    return result(vfs::statvfs(path, *buf));
}

int access(const char* path, int mode) {
    return result(vfs::access(path, mode));
}

int truncate(const char* path, off_t length) {
    return result(vfs::truncate(path, length));
}

int ftruncate(int fd, off_t length) {
    return result(vfs::ftruncate(fd, length));
}

int chmod(const char* path, mode_t mode) {
    return result(vfs::chmod(path, mode));
}

int fchmod(int fd, mode_t mode) {
    return result(vfs::fchmod(fd, mode));
}

// AT_SYMLINK_NOFOLLOW: a link's own permissions cannot be changed (as on Linux: EOPNOTSUPP).
int fchmodat(int dirfd, const char* path, mode_t mode, int flags) {
    if (const int rc = check_dirfd(dirfd, path); rc < 0) {
        return result(rc);
    }
    if ((flags & ~AT_SYMLINK_NOFOLLOW) != 0) {
        return result(-EINVAL);
    }
    if ((flags & AT_SYMLINK_NOFOLLOW) != 0) {
        struct stat st {};
        if (const int rc = vfs::lstat(path, st); rc < 0 || S_ISLNK(st.st_mode)) {
            return result(rc < 0 ? rc : -EOPNOTSUPP);
        }
    }
    return result(vfs::chmod(path, mode));
}

int utimensat(int dirfd, const char* path, const struct timespec times[2], int flags) {
    if (const int rc = check_dirfd(dirfd, path); rc < 0) {
        return result(rc);
    }
    if ((flags & ~AT_SYMLINK_NOFOLLOW) != 0) {
        return result(-EINVAL);
    }
    return result(vfs::utimens(path, times, (flags & AT_SYMLINK_NOFOLLOW) == 0));
}

int futimens(int fd, const struct timespec times[2]) {
    return result(vfs::futimens(fd, times));
}

int utime(const char* path, const struct utimbuf* times) {
    if (times == nullptr) {
        return result(vfs::utimens(path, nullptr, true));
    }
    const struct timespec ts[2] = {{.tv_sec = times->actime, .tv_nsec = 0},
                                   {.tv_sec = times->modtime, .tv_nsec = 0}};
    return result(vfs::utimens(path, ts, true));
}

// Limits of the VFS (include/mcustd/vfs.hpp), the same for every file system; path must exist.
long pathconf(const char* path, int name) {
    struct stat st {};
    if (const int rc = vfs::stat(path, st); rc < 0) {
        return result(rc);
    }
    switch (name) {
        case _PC_PATH_MAX:
            return static_cast<long>(vfs::kMaxPath);
        case _PC_NAME_MAX:
            return static_cast<long>(vfs::kMaxName);
        case _PC_SYMLINK_MAX:
            return static_cast<long>(vfs::kMaxPath - 1);
        case _PC_LINK_MAX:
            return 0xFFFF;
        case _PC_NO_TRUNC:
            return 1;  // long names are refused (ENAMETOOLONG), never cut
        default:
            return result(-EINVAL);
    }
}

}  // extern "C"
