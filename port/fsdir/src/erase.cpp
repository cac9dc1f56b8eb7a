// recursive_directory_iterator::__erase, the private member the prebuilt fs_ops.o's remove_all
// drives:
//
//     recursive_directory_iterator dir(p, options 64 | 128, ec);   // nofollow, filename-only
//     while (dir != end) { dir.__erase(&ec); if (ec) return -1; ++count; }
//     remove(p);
//
// So each call removes exactly one file or (emptied) directory below p, descending first where
// needed, and leaves the iterator at the next thing to remove, or at the end once p is empty.
#include <cerrno>
#include <vector>

#include "dir.hpp"

namespace fs = std::filesystem;
using mcustd::fsdir::errno_code;

namespace {

// The open directories, top last (_Dir_stack::dirs; the stack type itself is private).
using Dirs = std::vector<fs::_Dir>;

// Removes the current entry of the top directory, after descending as far as the first entry
// with nothing below it. ec on error.
void erase_one(Dirs& dirs, std::error_code& ec) {
    for (;;) {
        fs::_Dir& top = dirs.back();
        if (top.entry_type(ec) == fs::file_type::directory) {
            fs::_Dir sub = fs::_Dir::open(top.entry.path(), {}, true, ec);
            if (!ec && sub.has_entry()) {
                dirs.push_back(std::move(sub));  // `top` is stale from here
                continue;
            }
            if (ec == std::errc::not_a_directory ||
                ec == std::errc::too_many_symbolic_link_levels) {
                ec.clear();  // replaced by a file or a link since readdir: remove that instead
            }
        }
        if (ec) {
            return;
        }
        fs::remove(top.entry.path(), ec);
        return;
    }
}

// After a removal: the next entry of the top directory. At the end of a directory, it is read
// again from the start, because whether a stream still returns the entries after one removed
// while reading is up to the file system; only a directory that reads empty is left (to be
// removed by the next call, as its parent's current entry). Returns false at the very end.
bool move_on(Dirs& dirs, std::error_code& ec) {
    fs::_Dir& top = dirs.back();
    if (top.next(ec) || ec || top.rewind(ec) || ec) {
        return !ec;
    }
    dirs.pop_back();
    return !dirs.empty();
}

}  // namespace

fs::recursive_directory_iterator& fs::recursive_directory_iterator::__erase(error_code* ecptr) {
    error_code ec;
    if (!_M_dirs) {
        ec = errno_code(EINVAL);  // nothing left to remove
    } else {
        erase_one(_M_dirs->dirs, ec);
        if (!ec && move_on(_M_dirs->dirs, ec)) {
            return *this;  // more to remove
        }
    }
    if (ecptr != nullptr || !ec) {
        _M_dirs.reset();  // done, or stopped by an error
        if (ecptr != nullptr) {
            *ecptr = ec;
        }
        return *this;
    }
    // remove_all(p) (no error_code): name the file that could not be removed.
    const path failed = _M_dirs ? _M_dirs->top().entry.path() : path();
    _M_dirs.reset();
    throw filesystem_error("cannot remove all", failed, ec);
}

MCUSTD_FSDIR_WRAP_ALIAS(
    _ZNSt10filesystem7__cxx1128recursive_directory_iterator7__eraseEPSt10error_code)
