// The two types <bits/fs_dir.h> only forward-declares, laid out by this port: std::filesystem::_Dir
// (one open POSIX directory stream and its current entry) and
// recursive_directory_iterator::_Dir_stack (the open directories from the top down). The
// prebuilt libstdc++'s fs_dir.o is a stub (built without <dirent.h>); port/fsdir replaces every
// symbol it defines, so only these layouts exist in an image (see doc/porting.md).
//
// They must live in libstdc++'s own namespaces: the header names them there (and makes _Dir a
// friend of directory_entry, which lets it fill in an entry's cached type).
#pragma once

#include <dirent.h>

#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

// The C++11-ABI namespace of the prebuilt library (abi_checks.cpp asserts it).
namespace std::filesystem {
inline namespace __cxx11 {

struct _Dir {
    struct _Closer {
        void operator()(DIR* d) const noexcept { ::closedir(d); }
    };

    // Opens `dir` and reads its first entry; has_entry() is false for an empty directory.
    // Errors (ec, generic category): opendir's and readdir's errno; ELOOP if nofollow and `dir`
    // is a symbolic link. With skip_permission_denied in `options`, EACCES gives an empty
    // stream and no error.
    static _Dir open(const path& dir, directory_options options, bool nofollow, error_code& ec);

    // Moves to the next entry other than "." and "..": true if there is one; false at the end
    // (ec clear) or on a read error (ec set). Either way has_entry() says the same afterwards.
    bool next(error_code& ec);
    // Back to the first entry (re-reads the directory): true if there is one.
    bool rewind(error_code& ec);

    [[nodiscard]] bool has_entry() const noexcept { return !entry.path().empty(); }
    // The current entry's type, not following a symbolic link: readdir's d_type, or
    // symlink_status() when the file system did not say. file_type::none with ec on error.
    file_type entry_type(error_code& ec) const;
    // Whether the current entry is a directory recursive iteration descends into: a directory,
    // or with `follow` a symbolic link to one. A dangling link is not, nor an entry removed since
    // readdir listed it (no error: iteration goes on, as libstdc++'s own does).
    bool is_directory_to_enter(bool follow, error_code& ec) const;

    unique_ptr<DIR, _Closer> stream;
    filesystem::path dir_path;  // as given; entries are dir_path / name
    directory_entry entry;      // empty path when there is no current entry
};

struct recursive_directory_iterator::_Dir_stack {
    _Dir_stack(directory_options opts, bool nofollow_top) noexcept
        : options(opts), nofollow(nofollow_top) {}

    _Dir& top() noexcept { return dirs.back(); }

    vector<_Dir> dirs;          // dirs.back() is being read; never empty while shared
    directory_options options;  // the public bits, what options() returns
    bool nofollow;              // remove_all's private bit: do not enter a top-level symlink
    bool pending = true;        // recursion_pending()
};
}  // namespace __cxx11
}  // namespace std::filesystem

namespace mcustd::fsdir {

// Private option bits the prebuilt fs_ops.o's remove_all passes (on top of the public ones):
// do not enter the top directory if it is a symbolic link, and (libstdc++'s own optimisation,
// meaningless without openat) open subdirectories by file name. Both are accepted.
inline constexpr auto kNoFollow = std::filesystem::directory_options{64};
inline constexpr auto kFilenameOnly = std::filesystem::directory_options{128};

// An error of the generic category from an errno value.
inline std::error_code errno_code(int err) noexcept {
    return {err, std::generic_category()};
}

// Stores ec in *ecptr; without ecptr, throws filesystem_error(what, p, ec) if ec is set.
void report(const std::error_code& ec, std::error_code* ecptr, const char* what,
            const std::filesystem::path& p);

}  // namespace mcustd::fsdir

// Defines __wrap_<mangled> as a second name of <mangled>, a function defined in the same file.
// The image's link wraps the fs_dir.o symbols that the prebuilt fs_ops.o calls
// (port/fsdir/CMakeLists.txt): fs_ops.o then refers to __wrap_<name>, which only this port
// defines, so the archive member holding the stub is never pulled to satisfy it. The C type of
// the alias is a placeholder (the linker only sees an address), hence the silenced warning.
#define MCUSTD_FSDIR_WRAP_ALIAS(mangled)                                                           \
    _Pragma("GCC diagnostic push")                                                                 \
        _Pragma("GCC diagnostic ignored \"-Wattribute-alias\"") extern "C" void __wrap_##mangled() \
            __attribute__((alias(#mangled)));                                                      \
    _Pragma("GCC diagnostic pop")
