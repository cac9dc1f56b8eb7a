// Compile-time checks of what the replacement for the prebuilt fs_dir.o shares with the library
// it is linked against (nothing here is linked: a failed check fails the build).
#include <bits/shared_ptr_base.h>

#include <filesystem>
#include <type_traits>

#include "dir.hpp"

namespace fs = std::filesystem;
using __gnu_cxx::_S_atomic;
using __gnu_cxx::_S_single;

// The prebuilt fs_ops.o names the iterators in the C++11 ABI namespace (__cxx11).
// dir.hpp opens that namespace by name: no versioned namespace (__8) around it.
static_assert(_GLIBCXX_USE_CXX11_ABI == 1, "fs_ops.o refers to std::filesystem::__cxx11 names");
static_assert(_GLIBCXX_INLINE_VERSION == 0, "no versioned namespace around std::filesystem");

// The iterators are one __shared_ptr each, whatever the lock policy: the objects fs_ops.o
// creates and copies (compiled for _S_single) have the layout ours have (_S_atomic).
static_assert(sizeof(fs::directory_iterator) == 2 * sizeof(void*));
static_assert(sizeof(fs::recursive_directory_iterator) == 2 * sizeof(void*));
static_assert(sizeof(std::__shared_ptr<fs::_Dir, _S_single>) ==
              sizeof(std::__shared_ptr<fs::_Dir, _S_atomic>));

// The header's `extern template class __shared_ptr<_Dir>` takes the default policy of the code
// including it. With gthreads on (port/libstdcxx) that is _S_atomic, which the prebuilt library
// (thread model single) never instantiated: directory_iterator.cpp and
// recursive_directory_iterator.cpp instantiate it.
static_assert(std::__default_lock_policy == _S_atomic,
              "gthreads on: the header's extern __shared_ptr<_Dir> is the _S_atomic one");
static_assert(std::is_same_v<std::__shared_ptr<fs::_Dir>, std::__shared_ptr<fs::_Dir, _S_atomic>>);

// fs_ops.o's inlined _S_single code adds and drops references on our _S_atomic control blocks
// (iterators it copies and destroys): the counts must sit where it looks for them, and the
// policy's lock base must be empty for both (it is a mutex only for _S_mutex).
static_assert(std::is_empty_v<std::_Mutex_base<_S_single>>);
static_assert(std::is_empty_v<std::_Mutex_base<_S_atomic>>);
static_assert(sizeof(std::_Sp_counted_base<_S_single>) == sizeof(std::_Sp_counted_base<_S_atomic>));

// remove_all's private option bits must not collide with the public ones we keep.
static_assert((mcustd::fsdir::kNoFollow & (fs::directory_options::follow_directory_symlink |
                                           fs::directory_options::skip_permission_denied)) ==
              fs::directory_options::none);
static_assert((mcustd::fsdir::kFilenameOnly & (fs::directory_options::follow_directory_symlink |
                                               fs::directory_options::skip_permission_denied)) ==
              fs::directory_options::none);
