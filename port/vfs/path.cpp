// Path resolution and the working directory (see "Paths" in include/mcustd/vfs.hpp).
//
// A path is walked component by component into a clean absolute path: "." is dropped, ".."
// removes the last resolved component (never above "/"), and on file systems that have symbolic
// links each component is lstat-ed, and a link is replaced by its target followed by the
// components not yet walked. Everything runs in fixed buffers on the caller's stack: no heap.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include "internal.hpp"

namespace mcustd::vfs {
namespace detail {
namespace {

struct Cwd {
    std::mutex lock;
    std::array<char, kMaxPath> path{'/'};
};

Cwd& cwd() {
    static Cwd c;
    return c;
}

// Drops the last component of the clean path in buf (length *len; "" stands for "/").
void pop_component(char* buf, std::size_t* len) {
    while (*len > 0 && buf[*len - 1] != '/') {
        --*len;
    }
    if (*len > 0) {
        --*len;  // the '/' before it
    }
    buf[*len] = '\0';
}

void mount_of(Resolved& out) {
    out.fs = find_mount(out.path.data(), &out.rest);
    if (out.fs == nullptr) {
        out.fs = &root_fs();
        out.rest = out.path.data();
    }
}

}  // namespace

int resolve(const char* path, bool follow_last, Resolved& out) {
    if (path == nullptr) {
        return -EFAULT;
    }
    const std::size_t in_len = std::strlen(path);
    if (in_len == 0) {
        return -ENOENT;
    }
    if (in_len >= kMaxPath) {
        return -ENAMETOOLONG;
    }
    // `todo` holds what is still to walk; it starts as the working directory + "/" + path.
    std::array<char, kMaxPath> todo{};
    std::size_t todo_len = 0;
    if (path[0] != '/') {
        Cwd& c = cwd();
        std::lock_guard guard(c.lock);
        todo_len = std::strlen(c.path.data());
        if (todo_len + 1 + in_len >= kMaxPath) {
            return -ENAMETOOLONG;
        }
        std::memcpy(todo.data(), c.path.data(), todo_len);
        todo[todo_len++] = '/';
    }
    std::memcpy(todo.data() + todo_len, path, in_len + 1);

    char* const done = out.path.data();
    std::size_t len = 0;  // of done; 0 is "/"
    done[0] = '\0';
    int links = 0;
    out.trailing_slash = false;
    const char* p = todo.data();
    for (;;) {
        while (*p == '/') {
            ++p;
        }
        if (*p == '\0') {
            break;
        }
        const char* end = p;
        while (*end != '\0' && *end != '/') {
            ++end;
        }
        const auto n = static_cast<std::size_t>(end - p);
        const char* next = end;
        while (*next == '/') {
            ++next;
        }
        const bool last = *next == '\0';
        const bool slash_after = *end == '/';
        if (n == 1 && p[0] == '.') {
            p = end;
            out.trailing_slash = last || out.trailing_slash;
            continue;
        }
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            pop_component(done, &len);
            p = end;
            out.trailing_slash = last || out.trailing_slash;
            continue;
        }
        if (n > kMaxName) {
            return -ENAMETOOLONG;
        }
        if (len + 1 + n >= kMaxPath) {
            return -ENAMETOOLONG;
        }
        done[len++] = '/';
        std::memcpy(done + len, p, n);
        len += n;
        done[len] = '\0';
        out.trailing_slash = last && slash_after;
        p = end;
        if (last && !follow_last && !slash_after) {
            break;
        }
        mount_of(out);
        if (!out.fs->has_symlinks()) {
            continue;  // such a file system checks its own intermediate components
        }
        struct stat st {};
        if (const int rc = out.fs->stat(out.rest, st); rc < 0) {
            if (last) {
                break;  // the last component may be about to be created
            }
            return rc;
        }
        if (S_ISLNK(st.st_mode)) {
            if (++links > kMaxSymlinks) {
                return -ELOOP;
            }
            std::array<char, kMaxPath> target{};
            const long t = out.fs->readlink(out.rest, target.data(), target.size());
            if (t < 0) {
                return static_cast<int>(t);
            }
            const auto tlen = static_cast<std::size_t>(t);
            const std::size_t rest_len = std::strlen(p);
            if (tlen == 0) {
                return -ENOENT;
            }
            if (tlen + rest_len >= kMaxPath) {
                return -ENAMETOOLONG;
            }
            // todo := target + what followed the link (p starts with '/' or is empty).
            std::memmove(todo.data() + tlen, p, rest_len + 1);
            std::memcpy(todo.data(), target.data(), tlen);
            p = todo.data();
            pop_component(done, &len);  // a relative target is relative to the link's directory
            if (target[0] == '/') {
                len = 0;
                done[0] = '\0';
            }
            continue;
        }
        if (!last && !S_ISDIR(st.st_mode)) {
            return -ENOTDIR;
        }
    }
    if (len == 0) {
        done[0] = '/';
        done[1] = '\0';
    }
    mount_of(out);
    return 0;
}

void reset_cwd() {
    Cwd& c = cwd();
    std::lock_guard guard(c.lock);
    c.path = {'/'};
}

}  // namespace detail

int chdir(const char* path) {
    detail::Resolved r;
    if (const int rc = detail::resolve(path, true, r); rc < 0) {
        return rc;
    }
    struct stat st {};
    if (const int rc = r.fs->stat(r.rest, st); rc < 0) {
        return rc;
    }
    if (!S_ISDIR(st.st_mode)) {
        return -ENOTDIR;
    }
    detail::Cwd& c = detail::cwd();
    std::lock_guard guard(c.lock);
    c.path = r.path;
    return 0;
}

int getcwd(char* buf, std::size_t size) {
    detail::Cwd& c = detail::cwd();
    std::lock_guard guard(c.lock);
    const std::size_t n = std::strlen(c.path.data()) + 1;
    if (buf == nullptr || size == 0) {
        return -EINVAL;
    }
    if (n > size) {
        return -ERANGE;
    }
    std::memcpy(buf, c.path.data(), n);
    return 0;
}

}  // namespace mcustd::vfs
