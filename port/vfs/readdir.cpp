// readdir() alone in its translation unit, so in its own archive member: as with any static C
// library, a program may define its own readdir (libstdc++'s filesystem tests do, to inject
// errors) and the linker then never takes this one (opendir.cpp has the rest of the stream).
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "dir_stream.hpp"

namespace vfs = mcustd::vfs;

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

}  // namespace

extern "C" {

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
    e.d_reclen = sizeof e;
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

}  // extern "C"
