// The lock type libstdc++'s basic_filebuf embeds (member _M_lock), for the MCU.
//
// The toolchain's bits/c++io.h declares it as __gthread_mutex_t. The prebuilt libstdc++.a was
// compiled with thread model "single", where that is an int; with our gthreads it would become a
// pthread_mutex_t, basic_filebuf would grow by 12 bytes in our code only, and inline filebuf code
// in our objects would disagree with the library's compiled members about every later field
// (std::ifstream crashed in istream::read). The library never locks it, so we keep the layout the
// library was built with. port/abi asserts sizeof(std::filebuf) against the library's value.
#ifndef _GLIBCXX_CXX_IO_H
#define _GLIBCXX_CXX_IO_H 1

#include <cstdio>

#include <bits/gthr.h>

// The visibility and version macros confuse clang-format's namespace handling.
// clang-format off
namespace std _GLIBCXX_VISIBILITY(default) {
_GLIBCXX_BEGIN_NAMESPACE_VERSION

typedef int __c_lock;  // gthr-single.h's __gthread_mutex_t: the library's layout
typedef FILE __c_file;

_GLIBCXX_END_NAMESPACE_VERSION
}  // namespace std
// clang-format on

#endif
