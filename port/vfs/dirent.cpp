// POSIX directory streams (posix/dirent.h) over mcustd::vfs::opendir / vfs::Directory.
//
// A DIR owns everything it needs (the file system's iterator, the path, the one struct dirent
// readdir returns), all released by its destructor: closedir is `delete`. Nothing is global.
#include <dirent.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>

#include "mcustd/vfs.hpp"

namespace vfs = mcustd::vfs;

struct mcustd_dir {
    std::unique_ptr<vfs::Directory> stream;  // null after a rewinddir that could not re-open
    // "<path>/" followed by room for one name: readdir stats "<path>/<name>" for d_ino/d_type
    // (vfs::Directory reports only the name and whether it is a directory), and rewinddir
    // re-opens "<path>/" (the VFS has no rewind).
    std::unique_ptr<char[]> path;
    std::size_t prefix = 0;  // strlen("<path>/")
    dirent entry{};
};

namespace {

unsigned char type_of(mode_t mode) {
    switch (mode & S_IFMT) {
        case S_IFREG:
            return DT_REG;
        case S_IFDIR:
            return DT_DIR;
        case S_IFLNK:
            return DT_LNK;
        case S_IFCHR:
            return DT_CHR;
        case S_IFBLK:
            return DT_BLK;
        case S_IFIFO:
            return DT_FIFO;
        case S_IFSOCK:
            return DT_SOCK;
        default:
            return DT_UNKNOWN;
    }
}

// The directory path with its trailing '/', NUL-terminated (what rewinddir re-opens).
const char* dir_path(DIR& d) {
    d.path[d.prefix] = '\0';
    return d.path.get();
}

}  // namespace

extern "C" {

DIR* opendir(const char* path) {
    if (path == nullptr || path[0] == '\0') {
        errno = ENOENT;
        return nullptr;
    }
    // No exception may leave a C function: the file system's opendir and our allocations can
    // only fail with bad_alloc, which is ENOMEM here.
    try {
        std::unique_ptr<vfs::Directory> stream;
        if (const int rc = vfs::opendir(path, stream); rc < 0) {
            errno = -rc;
            return nullptr;
        }
        auto dir = std::make_unique<mcustd_dir>();
        const std::size_t len = std::strlen(path);
        dir->prefix = path[len - 1] == '/' ? len : len + 1;
        dir->path = std::make_unique<char[]>(dir->prefix + sizeof dir->entry.d_name);
        std::memcpy(dir->path.get(), path, len);
        dir->path[dir->prefix - 1] = '/';
        dir->stream = std::move(stream);
        return dir.release();
    } catch (const std::bad_alloc&) {
        errno = ENOMEM;
        return nullptr;
    }
}

dirent* readdir(DIR* dir) {
    if (dir == nullptr) {
        errno = EBADF;
        return nullptr;
    }
    if (!dir->stream) {
        errno = ENOENT;  // POSIX: the stream's position is no longer valid
        return nullptr;
    }
    dirent& e = dir->entry;
    bool is_dir = false;
    const int rc = dir->stream->next(e.d_name, sizeof e.d_name, is_dir);
    if (rc <= 0) {
        if (rc < 0) {
            // The file system's ENAMETOOLONG is POSIX readdir's EOVERFLOW (cannot be returned).
            errno = rc == -ENAMETOOLONG ? EOVERFLOW : -rc;
        }
        return nullptr;  // at the end errno is left alone, as POSIX requires
    }
    // The name fits in d_name, so "<path>/<name>" fits in path.
    std::memcpy(dir->path.get() + dir->prefix, e.d_name, std::strlen(e.d_name) + 1);
    struct stat st {};
    if (vfs::lstat(dir->path.get(), st) == 0) {  // a link is DT_LNK, as readdir reports it
        e.d_ino = st.st_ino;
        e.d_type = type_of(st.st_mode);
    } else {
        e.d_ino = 0;
        e.d_type = is_dir ? DT_DIR : DT_UNKNOWN;
    }
    return &e;
}

void rewinddir(DIR* dir) {
    if (dir == nullptr) {
        return;
    }
    dir->stream.reset();  // first, so the old and the new iterator never both hold memory
    try {
        if (vfs::opendir(dir_path(*dir), dir->stream) < 0) {
            dir->stream.reset();
        }
    } catch (const std::bad_alloc&) {
        dir->stream.reset();
    }
}

int closedir(DIR* dir) {
    if (dir == nullptr) {
        errno = EBADF;
        return -1;
    }
    delete dir;
    return 0;
}

}  // extern "C"
