// std::filesystem::recursive_directory_iterator's out-of-line members, replacing the prebuilt
// fs_dir.o's stub, and the __shared_ptr<_Dir_stack> instantiation the header declares extern.
// The private __erase (remove_all's engine) is in erase.cpp.
#include <utility>

#include "dir.hpp"

namespace fs = std::filesystem;
using mcustd::fsdir::errno_code;
using mcustd::fsdir::report;

namespace {

constexpr bool has(fs::directory_options set, fs::directory_options bit) noexcept {
    return (set & bit) != fs::directory_options::none;
}

}  // namespace

fs::recursive_directory_iterator::recursive_directory_iterator(const path& p,
                                                               directory_options options,
                                                               error_code* ecptr) {
    using mcustd::fsdir::kFilenameOnly;
    using mcustd::fsdir::kNoFollow;
    error_code ec;
    const bool nofollow = has(options, kNoFollow);
    _Dir dir = _Dir::open(p, options, nofollow, ec);
    if (!ec && dir.has_entry()) {
        auto stack =
            std::__make_shared<_Dir_stack>(options & ~(kNoFollow | kFilenameOnly), nofollow);
        stack->dirs.push_back(std::move(dir));
        _M_dirs = std::move(stack);
    }
    report(ec, ecptr, "recursive directory iterator cannot open directory", p);
}

fs::recursive_directory_iterator::~recursive_directory_iterator() = default;

fs::directory_options fs::recursive_directory_iterator::options() const noexcept {
    return _M_dirs->options;
}

int fs::recursive_directory_iterator::depth() const noexcept {
    return static_cast<int>(_M_dirs->dirs.size()) - 1;
}

bool fs::recursive_directory_iterator::recursion_pending() const noexcept {
    return _M_dirs->pending;
}

const fs::directory_entry& fs::recursive_directory_iterator::operator*() const noexcept {
    return _M_dirs->top().entry;
}

fs::recursive_directory_iterator& fs::recursive_directory_iterator::operator=(
    const recursive_directory_iterator& rhs) noexcept {
    _M_dirs = rhs._M_dirs;
    return *this;
}

fs::recursive_directory_iterator& fs::recursive_directory_iterator::operator=(
    recursive_directory_iterator&& rhs) noexcept {
    _M_dirs = std::move(rhs._M_dirs);
    return *this;
}

fs::recursive_directory_iterator& fs::recursive_directory_iterator::increment(error_code& ec) {
    if (!_M_dirs) {
        ec = errno_code(EINVAL);  // the end iterator cannot be incremented
        return *this;
    }
    ec.clear();  // an error passed in is not this call's (the loop below runs while !ec)
    _Dir_stack& s = *_M_dirs;
    // Into the current entry first, if it is a directory to enter and nobody disabled that.
    if (std::exchange(s.pending, true) &&
        s.top().is_directory_to_enter(has(s.options, directory_options::follow_directory_symlink),
                                      ec)) {
        _Dir sub = _Dir::open(s.top().entry.path(), s.options, false, ec);
        if (!ec && sub.has_entry()) {
            s.dirs.push_back(std::move(sub));
            return *this;
        }
        // An empty (or permission-skipped) directory: carry on beside it.
    }
    // Then the next entry at this depth, or further up when a directory is exhausted.
    while (!ec) {
        if (s.top().next(ec)) {
            return *this;
        }
        if (!ec) {
            s.dirs.pop_back();
            if (s.dirs.empty()) {
                break;
            }
        }
    }
    _M_dirs.reset();  // the end, or an error: the end iterator, with ec set
    return *this;
}

fs::recursive_directory_iterator& fs::recursive_directory_iterator::operator++() {
    error_code ec;
    if (increment(ec); ec) {
        throw filesystem_error("cannot increment recursive directory iterator", ec);
    }
    return *this;
}

void fs::recursive_directory_iterator::pop(error_code& ec) {
    if (!_M_dirs) {
        ec = errno_code(EINVAL);  // the end iterator has nothing to pop
        return;
    }
    ec.clear();
    _Dir_stack& s = *_M_dirs;
    s.pending = true;
    // Leave this directory, then step past it in its parent (and past exhausted parents).
    s.dirs.pop_back();
    while (!s.dirs.empty()) {
        if (s.top().next(ec)) {
            return;
        }
        if (ec) {
            break;
        }
        s.dirs.pop_back();
    }
    _M_dirs.reset();
}

void fs::recursive_directory_iterator::pop() {
    error_code ec;
    if (pop(ec); ec) {
        throw filesystem_error("cannot pop recursive directory iterator", ec);
    }
}

void fs::recursive_directory_iterator::disable_recursion_pending() noexcept {
    _M_dirs->pending = false;
}

MCUSTD_FSDIR_WRAP_ALIAS(
    _ZNSt10filesystem7__cxx1128recursive_directory_iteratorC1ERKNS0_4pathENS_17directory_optionsEPSt10error_code)
MCUSTD_FSDIR_WRAP_ALIAS(_ZNSt10filesystem7__cxx1128recursive_directory_iteratorD1Ev)

// As for __shared_ptr<_Dir> (directory_iterator.cpp): the default lock policy here is _S_atomic.
template class std::__shared_ptr<fs::recursive_directory_iterator::_Dir_stack>;
