// std::filesystem::_Dir: one directory read through POSIX opendir/readdir (on the MCU the VFS's,
// port/vfs/posix/dirent.h), the entry types from d_type, errors from errno.
#include <dirent.h>

#include <cerrno>

#include "dir.hpp"

namespace fs = std::filesystem;
using mcustd::fsdir::errno_code;

namespace {

// d_type as a file_type; none when the file system did not say (DT_UNKNOWN): directory_entry
// then asks status() itself when someone needs the type.
fs::file_type type_of(unsigned char d_type) noexcept {
    switch (d_type) {
        case DT_REG:
            return fs::file_type::regular;
        case DT_DIR:
            return fs::file_type::directory;
        case DT_LNK:
            return fs::file_type::symlink;
        case DT_CHR:
            return fs::file_type::character;
        case DT_BLK:
            return fs::file_type::block;
        case DT_FIFO:
            return fs::file_type::fifo;
        case DT_SOCK:
            return fs::file_type::socket;
        default:
            return fs::file_type::none;
    }
}

bool is_dot_or_dot_dot(const char* name) noexcept {
    return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

}  // namespace

// The C++11-ABI namespace of the prebuilt library (abi_checks.cpp asserts it).
namespace std::filesystem {
inline namespace __cxx11 {

_Dir _Dir::open(const path& dir, directory_options options, bool nofollow, error_code& ec) {
    ec.clear();
    _Dir d;
    if (nofollow && symlink_status(dir, ec).type() == file_type::symlink) {
        ec = errno_code(ELOOP);  // what open(O_NOFOLLOW | O_DIRECTORY) reports
    }
    if (ec) {
        return d;
    }
    d.stream.reset(::opendir(dir.c_str()));
    if (!d.stream) {
        const int err = errno;
        const bool skip =
            (options & directory_options::skip_permission_denied) != directory_options::none;
        if (!(err == EACCES && skip)) {
            ec = errno_code(err);
        }
        return d;
    }
    d.dir_path = dir;
    d.next(ec);
    return d;
}

bool _Dir::next(error_code& ec) {
    ec.clear();
    for (;;) {
        errno = 0;  // readdir leaves errno alone at the end and sets it on an error
        const dirent* e = ::readdir(stream.get());
        if (e == nullptr) {
            if (errno != 0) {
                ec = errno_code(errno);
            }
            entry._M_path.clear();
            entry._M_type = file_type::none;
            return false;
        }
        if (is_dot_or_dot_dot(e->d_name)) {
            continue;
        }
        // The entry's path reuses its previous buffer where it can.
        entry._M_path = dir_path;
        entry._M_path /= e->d_name;
        entry._M_type = type_of(e->d_type);
        return true;
    }
}

bool _Dir::rewind(error_code& ec) {
    ::rewinddir(stream.get());
    return next(ec);
}

file_type _Dir::entry_type(error_code& ec) const {
    ec.clear();
    if (entry._M_type != file_type::none) {
        return entry._M_type;
    }
    return entry.symlink_status(ec).type();
}

bool _Dir::is_directory_to_enter(bool follow, error_code& ec) const {
    const file_type own = entry_type(ec);
    if (own == file_type::directory) {
        return true;
    }
    if (own == file_type::not_found) {
        ec.clear();  // removed since readdir listed it: nothing to enter, iteration goes on
        return false;
    }
    if (own != file_type::symlink || !follow) {
        return false;
    }
    const file_type target = entry.status(ec).type();
    if (target == file_type::not_found) {
        ec.clear();  // a dangling link is simply not a directory
    }
    return target == file_type::directory;
}
}  // namespace __cxx11
}  // namespace std::filesystem

void mcustd::fsdir::report(const std::error_code& ec, std::error_code* ecptr, const char* what,
                           const fs::path& p) {
    if (ecptr != nullptr) {
        *ecptr = ec;
    } else if (ec) {
        throw fs::filesystem_error(what, p, ec);
    }
}
