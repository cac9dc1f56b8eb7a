// port/vfs private: the mount lookup (vfs.cpp), path resolution and the working directory
// (path.cpp), and the synthetic root directory (root.cpp).
#pragma once

#include <array>
#include <cstddef>

#include "mcustd/vfs.hpp"

namespace mcustd::vfs::detail {

// The file system mounted at the longest whole-component prefix of `path` (absolute, clean), and
// in *rest the path below it ("/" for the mount point itself); nullptr if no mount covers it.
FileSystem* find_mount(const char* path, const char** rest);

// Copies the mount points ("/rom", ...) into out; returns how many.
using MountPoints = std::array<std::array<char, kMaxMountPrefix + 1>, kMaxMounts>;
std::size_t mount_points(MountPoints& out);

// A path made absolute against the working directory, cleaned, its links followed.
struct Resolved {
    std::array<char, kMaxPath> path{};  // e.g. "/tmp/a/b"
    FileSystem* fs = nullptr;           // never null: the root directory covers unmounted paths
    const char* rest = nullptr;         // path below fs's mount point, inside `path`
    bool trailing_slash = false;        // "a/b/": the last component must be a directory
};

// 0 or -errno (-ENOENT, -ENOTDIR, -ENAMETOOLONG, -ELOOP, -EFAULT). follow_last: a link named by
// the last component is followed too (stat, open) or not (lstat, unlink, rename, readlink).
int resolve(const char* path, bool follow_last, Resolved& out);

// The read-only "/" that lists the mount points when no file system is mounted at "/".
FileSystem& root_fs();

// Back to "/" (vfs::reset).
void reset_cwd();

}  // namespace mcustd::vfs::detail
