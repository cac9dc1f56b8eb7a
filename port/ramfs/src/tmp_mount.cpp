// The image's /tmp: one RamFs, made on the first mount_tmp() and kept for the program's life
// (open files refer to it).
#include <optional>

#include "mcustd/ram_fs.hpp"

namespace mcustd::ramfs {

int mount_tmp(std::size_t capacity) {
    static std::optional<RamFs> tmp;
    if (!tmp) {
        tmp.emplace(capacity);
    }
    return vfs::mount("/tmp", *tmp);
}

}  // namespace mcustd::ramfs
