// std::filesystem::directory_iterator's out-of-line members, replacing the prebuilt fs_dir.o's
// stub, and the __shared_ptr<_Dir> instantiation the header declares extern.
#include "dir.hpp"

namespace fs = std::filesystem;
using mcustd::fsdir::errno_code;
using mcustd::fsdir::report;

fs::directory_iterator::directory_iterator(const path& p, directory_options options,
                                           error_code* ecptr) {
    error_code ec;
    _Dir dir = _Dir::open(p, options, false, ec);
    if (!ec && dir.has_entry()) {
        _M_dir = std::__make_shared<_Dir>(std::move(dir));
    }
    report(ec, ecptr, "directory iterator cannot open directory", p);
}

const fs::directory_entry& fs::directory_iterator::operator*() const noexcept {
    return _M_dir->entry;
}

fs::directory_iterator& fs::directory_iterator::increment(error_code& ec) {
    if (!_M_dir) {
        ec = errno_code(EINVAL);  // the end iterator cannot be incremented
        return *this;
    }
    if (!_M_dir->next(ec)) {
        _M_dir.reset();  // at the end, or after an error: the end iterator
    }
    return *this;
}

fs::directory_iterator& fs::directory_iterator::operator++() {
    error_code ec;
    if (increment(ec); ec) {
        throw filesystem_error("cannot advance directory iterator", ec);
    }
    return *this;
}

MCUSTD_FSDIR_WRAP_ALIAS(
    _ZNSt10filesystem7__cxx1118directory_iteratorC1ERKNS0_4pathENS_17directory_optionsEPSt10error_code)
MCUSTD_FSDIR_WRAP_ALIAS(_ZNKSt10filesystem7__cxx1118directory_iteratordeEv)
MCUSTD_FSDIR_WRAP_ALIAS(_ZNSt10filesystem7__cxx1118directory_iteratorppEv)

// The header's `extern template class __shared_ptr<_Dir>` names the default lock policy of the
// code including it: _S_atomic here (gthreads on), while the prebuilt library only has
// _S_single. Code built at -O0 calls these members out of line: define them.
template class std::__shared_ptr<fs::_Dir>;
