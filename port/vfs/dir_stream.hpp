// The DIR behind <dirent.h> (posix/dirent.h), shared by opendir.cpp and readdir.cpp. Internal to
// port/vfs: programs see DIR as opaque.
#pragma once

#include <dirent.h>

#include <cstddef>
#include <memory>

#include "mcustd/vfs.hpp"

// A DIR owns everything it needs (the file system's iterator, the path, the one struct dirent
// readdir returns), all released by its destructor: closedir is `delete`. Nothing is global.
struct mcustd_dir {
    // The file system's iterator; null after a rewinddir that could not re-open.
    std::unique_ptr<mcustd::vfs::Directory> stream;
    // "<path>/" followed by room for one name: readdir stats "<path>/<name>" for d_ino/d_type
    // (vfs::Directory reports only the name and whether it is a directory), and rewinddir
    // re-opens "<path>/" (the VFS has no rewind).
    std::unique_ptr<char[]> path;
    std::size_t prefix = 0;  // strlen("<path>/")
    dirent entry{};
};
