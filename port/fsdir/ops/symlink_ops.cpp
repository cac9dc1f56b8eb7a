// The three operations of std::filesystem that must not follow a symbolic link, replacing the
// prebuilt libstdc++.a's own. That library was configured without lstat (c++config.h:
// _GLIBCXX_USE_LSTAT undefined), so its fs_ops.o calls stat() where it means lstat(): its
// symlink_status() reports what a link points to, read_symlink() refuses every link (EINVAL:
// "not a link"), and copy() copies the target of a link it was told to copy as a link. Through
// them canonical(), weakly_canonical(), relative(), permissions(perm_options::nofollow) and
// copy_symlink() are wrong too. port/fsdir/CMakeLists.txt builds a copy of fs_ops.o whose
// definitions of these three are weak and links this file into it (ld -r), so that every caller,
// the library's own functions included, reaches these. Written from the standard's wording
// ([fs.op.symlink.status], [fs.op.read.symlink], [fs.op.copy]).
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

namespace fs = std::filesystem;

namespace {

std::error_code errno_code(int e) {
    return {e, std::generic_category()};
}

fs::file_type type_of(mode_t mode) {
    switch (mode & S_IFMT) {
        case S_IFREG:
            return fs::file_type::regular;
        case S_IFDIR:
            return fs::file_type::directory;
        case S_IFLNK:
            return fs::file_type::symlink;
        case S_IFCHR:
            return fs::file_type::character;
        case S_IFBLK:
            return fs::file_type::block;
        case S_IFIFO:
            return fs::file_type::fifo;
        case S_IFSOCK:
            return fs::file_type::socket;
        default:
            return fs::file_type::unknown;
    }
}

// copy()'s "in-recursive-copy" ([fs.op.copy]): an option bit of our own, never passed on to
// another function, so that copy(dir, to) with no options copies one level only.
// copy_options is an unsigned short whose highest defined option is 256: the top bit is free.
constexpr auto kInRecursiveCopy = static_cast<fs::copy_options>(0x8000U);
static_assert(kInRecursiveCopy != fs::copy_options::none &&
              static_cast<unsigned>(kInRecursiveCopy) >
                  static_cast<unsigned>(fs::copy_options::create_hard_links));

bool any(fs::copy_options o, fs::copy_options bits) {
    return (o & bits) != fs::copy_options::none;
}

struct DirCloser {
    void operator()(DIR* d) const noexcept { ::closedir(d); }
};

// copy() of every entry of `from` into `to`. Through <dirent.h> rather than directory_iterator:
// this code becomes part of fs_ops.o, and the linker must not look for the iterator's symbols in
// libstdc++.a (whose fs_dir.o is the stub port/fsdir replaces; see CMakeLists.txt).
void copy_entries(const fs::path& from, const fs::path& to, fs::copy_options options,
                  std::error_code& ec) {
    const std::unique_ptr<DIR, DirCloser> dir(::opendir(from.c_str()));
    if (!dir) {
        ec = errno_code(errno);
        return;
    }
    for (;;) {
        errno = 0;
        const dirent* e = ::readdir(dir.get());
        if (e == nullptr) {
            if (errno != 0) {
                ec = errno_code(errno);
            }
            return;
        }
        const std::string_view name(e->d_name);
        if (name == "." || name == "..") {
            continue;
        }
        fs::copy(from / name, to / name, options, ec);
        if (ec) {
            return;
        }
    }
}

}  // namespace

namespace std::filesystem {

file_status symlink_status(const path& p, error_code& ec) noexcept {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) {
        const int e = errno;
        ec = errno_code(e);
        return file_status(e == ENOENT || e == ENOTDIR ? file_type::not_found : file_type::none);
    }
    ec.clear();
    return file_status(type_of(st.st_mode), static_cast<perms>(st.st_mode & 07777));
}

path read_symlink(const path& p, error_code& ec) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) {
        ec = errno_code(errno);
        return {};
    }
    if (!S_ISLNK(st.st_mode)) {
        ec = make_error_code(errc::invalid_argument);
        return {};
    }
    // st_size is the target's length; a link replaced meanwhile by a longer one is read again
    // with more room (readlink truncates silently), up to the longest path there is.
    std::string target(static_cast<std::size_t>(st.st_size) + 1, '\0');
    for (;;) {
        const ssize_t n = ::readlink(p.c_str(), target.data(), target.size());
        if (n < 0) {
            ec = errno_code(errno);
            return {};
        }
        if (static_cast<std::size_t>(n) < target.size()) {
            target.resize(static_cast<std::size_t>(n));
            ec.clear();
            return path(std::move(target));
        }
        const long max = ::pathconf(p.c_str(), _PC_PATH_MAX);
        if (max > 0 && target.size() >= static_cast<std::size_t>(max)) {
            ec = make_error_code(errc::filename_too_long);
            return {};
        }
        target.resize(target.size() * 2);
    }
}

void copy(const path& from, const path& to, copy_options options, error_code& ec) {
    const bool no_follow =
        any(options, copy_options::create_symlinks | copy_options::skip_symlinks);
    const bool link_self = no_follow || any(options, copy_options::copy_symlinks);
    const file_status f = link_self ? symlink_status(from, ec) : status(from, ec);
    if (ec && f.type() != file_type::not_found) {
        return;
    }
    if (!exists(f)) {
        ec = make_error_code(errc::no_such_file_or_directory);
        return;
    }
    const file_status t = no_follow ? symlink_status(to, ec) : status(to, ec);
    if (ec && t.type() != file_type::not_found) {
        return;
    }
    ec.clear();
    if (exists(t)) {
        const bool same = equivalent(from, to, ec);
        if (ec) {
            return;
        }
        if (same) {
            ec = make_error_code(errc::file_exists);
            return;
        }
    }
    if (is_other(f) || is_other(t)) {
        ec = make_error_code(errc::not_supported);
        return;
    }
    if (is_directory(f) && is_regular_file(t)) {
        ec = make_error_code(errc::is_a_directory);
        return;
    }
    const copy_options passed = options & ~kInRecursiveCopy;
    if (is_symlink(f)) {
        if (any(options, copy_options::skip_symlinks)) {
            return;
        }
        if (!exists(t) && any(options, copy_options::copy_symlinks)) {
            copy_symlink(from, to, ec);
            return;
        }
        ec = make_error_code(errc::invalid_argument);
        return;
    }
    if (is_regular_file(f)) {
        if (any(options, copy_options::directories_only)) {
            return;
        }
        if (any(options, copy_options::create_symlinks)) {
            create_symlink(from, to, ec);
        } else if (any(options, copy_options::create_hard_links)) {
            create_hard_link(from, to, ec);
        } else if (is_directory(t)) {
            copy_file(from, to / from.filename(), passed, ec);
        } else {
            copy_file(from, to, passed, ec);
        }
        return;
    }
    if (is_directory(f) && any(options, copy_options::create_symlinks)) {
        ec = make_error_code(errc::is_a_directory);
        return;
    }
    if (is_directory(f) &&
        (any(options, copy_options::recursive) || options == copy_options::none)) {
        if (!exists(t) && !create_directory(to, from, ec) && ec) {
            return;
        }
        copy_entries(from, to, options | kInRecursiveCopy, ec);
        return;
    }
    // Anything else (a directory without `recursive`, a special file): nothing to do.
}

}  // namespace std::filesystem
