// POSIX directory streams (posix/dirent.h) over mcustd::vfs::opendir / vfs::Directory: opening,
// rewinding and closing. readdir() is in readdir.cpp (its own archive member, so a program may
// replace it); the DIR itself is in dir_stream.hpp.
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>

#include "dir_stream.hpp"

namespace vfs = mcustd::vfs;

namespace {

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
