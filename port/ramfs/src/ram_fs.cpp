// RamFs: the file-system operations over the node tree (node.hpp), all under one lock. Paths
// arrive clean and absolute from the VFS (no ".", "..", repeated '/' or links to follow).
#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <string_view>
#include <type_traits>
#include <utility>

#include "ram_file.hpp"

namespace mcustd::ramfs {
namespace {

// Where a path's last component lives: its directory and its name ("" for the root itself).
struct Where {
    Node* dir = nullptr;
    std::string_view name;
};

int locate(Node& root, const char* path, Where& w) {
    Node* dir = &root;
    const char* p = path;
    for (;;) {
        while (*p == '/') {
            ++p;
        }
        const char* end = p;
        while (*end != '\0' && *end != '/') {
            ++end;
        }
        const std::string_view name(p, static_cast<std::size_t>(end - p));
        if (name.size() > vfs::kMaxName) {
            return -ENAMETOOLONG;
        }
        const char* next = end;
        while (*next == '/') {
            ++next;
        }
        if (*next == '\0') {
            w = Where{dir, name};
            return 0;
        }
        Entry* e = dir->find(name);
        if (e == nullptr) {
            return -ENOENT;
        }
        if (!e->node->is_dir()) {
            return -ENOTDIR;
        }
        dir = e->node.get();
        p = next;
    }
}

}  // namespace

RamFs::RamFs(std::size_t capacity)
    : budget_(std::make_shared<Budget>(capacity)), lock_(std::make_shared<std::mutex>()) {
    root_ = make_node(budget_, S_IFDIR | 0777, 1);
    if (root_) {
        root_->nlink = 2;
    }
}

RamFs::~RamFs() = default;

// The preamble every operation shares: the lock held while `op` runs, and `path` resolved to the
// directory holding its last component and that name (at_path: "" for the root itself), or to
// the node it names (at_node); a path that cannot be resolved returns the error without `op`.
template <typename Op>
auto RamFs::at_path(const char* path, Op&& op) {
    using R = std::invoke_result_t<Op, Where&>;
    std::lock_guard guard(*lock_);
    if (!root_) {
        return R{-ENOSPC};  // the capacity could not hold even the root directory
    }
    Where w;
    if (const int rc = locate(*root_, path, w); rc < 0) {
        return R{rc};
    }
    return op(w);
}

template <typename Op>
auto RamFs::at_node(const char* path, Op&& op) {
    return at_path(path, [&](Where& w) {
        using R = std::invoke_result_t<Op, std::shared_ptr<Node>&>;
        std::shared_ptr<Node> node = root_;
        if (!w.name.empty()) {
            Entry* e = w.dir->find(w.name);
            if (e == nullptr) {
                return R{-ENOENT};
            }
            node = e->node;
        }
        return op(node);
    });
}

int RamFs::open(const char* path, int flags, mode_t mode, std::shared_ptr<vfs::OpenFile>& out) {
    return at_path(path, [&](Where& w) {
        const bool writing = (flags & O_ACCMODE) != O_RDONLY;
        std::shared_ptr<Node> node;
        if (w.name.empty()) {
            node = root_;
        } else if (Entry* e = w.dir->find(w.name)) {
            node = e->node;
        }
        if (node) {
            if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
                return -EEXIST;
            }
            if (node->is_link()) {
                return -ELOOP;  // only reached with O_NOFOLLOW semantics: the VFS follows links
            }
            if (node->is_dir() && (writing || (flags & O_TRUNC) != 0)) {
                return -EISDIR;
            }
            if ((flags & O_TRUNC) != 0 && writing && !node->data.empty()) {
                (void)node->resize(0);  // shrinking never fails
                node->touch();
            }
        } else {
            if ((flags & O_CREAT) == 0) {
                return -ENOENT;
            }
            node = make_node(budget_, S_IFREG | (mode & 07777), next_ino());
            if (!node) {
                return -ENOSPC;
            }
            if (const int rc = w.dir->insert(w.name, node); rc < 0) {
                return rc;
            }
            w.dir->touch();
        }
        try {
            out = std::make_shared<RamFile>(lock_, std::move(node));
        } catch (const std::bad_alloc&) {
            return -ENOMEM;  // a created file stays, as when open() fails after creating on Linux
        }
        return 0;
    });
}

int RamFs::stat(const char* path, struct stat& st) {
    return at_node(path, [&](std::shared_ptr<Node>& node) {
        node->fill(st);
        return 0;
    });
}

int RamFs::opendir(const char* path, std::unique_ptr<vfs::Directory>& out) {
    return at_node(path, [&](std::shared_ptr<Node>& node) {
        if (!node->is_dir()) {
            return -ENOTDIR;
        }
        out = std::make_unique<RamDir>(lock_, std::move(node));
        return 0;
    });
}

int RamFs::mkdir(const char* path, mode_t mode) {
    return at_path(path, [&](Where& w) {
        if (w.name.empty() || w.dir->find(w.name) != nullptr) {
            return -EEXIST;
        }
        auto node = make_node(budget_, S_IFDIR | (mode & 07777), next_ino());
        if (!node) {
            return -ENOSPC;
        }
        node->nlink = 2;
        node->parent = w.dir;
        if (const int rc = w.dir->insert(w.name, std::move(node)); rc < 0) {
            return rc;
        }
        ++w.dir->nlink;  // the new directory's ".."
        w.dir->touch();
        return 0;
    });
}

int RamFs::rmdir(const char* path) {
    return at_path(path, [&](Where& w) {
        if (w.name.empty()) {
            return -EBUSY;  // the mount point
        }
        Entry* e = w.dir->find(w.name);
        if (e == nullptr) {
            return -ENOENT;
        }
        Node& d = *e->node;
        if (!d.is_dir()) {
            return -ENOTDIR;
        }
        if (!d.entries.empty()) {
            return -ENOTEMPTY;
        }
        d.nlink = 0;
        d.parent = nullptr;
        --w.dir->nlink;
        w.dir->erase(w.name);
        w.dir->touch();
        return 0;
    });
}

int RamFs::unlink(const char* path) {
    return at_path(path, [&](Where& w) {
        if (w.name.empty()) {
            return -EISDIR;
        }
        Entry* e = w.dir->find(w.name);
        if (e == nullptr) {
            return -ENOENT;
        }
        if (e->node->is_dir()) {
            return -EISDIR;
        }
        --e->node->nlink;
        e->node->ctime = now();
        w.dir->erase(w.name);  // an open file keeps the node (and its bytes) until closed
        w.dir->touch();
        return 0;
    });
}

int RamFs::link(const char* from, const char* to) {
    return at_node(from, [&](std::shared_ptr<Node>& node) {
        if (node->is_dir()) {
            return -EPERM;
        }
        Where w;
        if (const int rc = locate(*root_, to, w); rc < 0) {
            return rc;
        }
        if (w.name.empty() || w.dir->find(w.name) != nullptr) {
            return -EEXIST;
        }
        if (const int rc = w.dir->insert(w.name, node); rc < 0) {
            return rc;
        }
        ++node->nlink;
        node->ctime = now();
        w.dir->touch();
        return 0;
    });
}

int RamFs::rename(const char* from, const char* to) {
    return at_path(from, [&](Where& a) {
        Where b;
        if (const int rc = locate(*root_, to, b); rc < 0) {
            return rc;
        }
        if (a.name.empty() || b.name.empty()) {
            return -EBUSY;  // the mount point cannot move or be replaced
        }
        Entry* src = a.dir->find(a.name);
        if (src == nullptr) {
            return -ENOENT;
        }
        std::shared_ptr<Node> node = src->node;
        Entry* dst = b.dir->find(b.name);
        if (dst != nullptr && dst->node == node) {
            return 0;  // two names of one file: POSIX says do nothing
        }
        if (node->is_dir()) {
            for (const Node* d = b.dir; d != nullptr; d = d->parent) {
                if (d == node.get()) {
                    return -EINVAL;  // into its own subtree
                }
            }
        }
        std::shared_ptr<Node> replaced;
        if (dst != nullptr) {
            if (node->is_dir() && !dst->node->is_dir()) {
                return -ENOTDIR;
            }
            if (!node->is_dir() && dst->node->is_dir()) {
                return -EISDIR;
            }
            if (dst->node->is_dir() && !dst->node->entries.empty()) {
                return -ENOTEMPTY;
            }
            replaced = std::exchange(dst->node, node);  // no allocation: cannot fail
            if (replaced->is_dir()) {
                replaced->nlink = 0;
                replaced->parent = nullptr;
                --b.dir->nlink;
            } else {
                --replaced->nlink;
                replaced->ctime = now();
            }
        } else if (const int rc = b.dir->insert(b.name, node); rc < 0) {
            return rc;
        }
        a.dir->erase(a.name);
        if (node->is_dir()) {
            node->parent = b.dir;
            --a.dir->nlink;
            ++b.dir->nlink;
        }
        node->ctime = now();
        a.dir->touch();
        b.dir->touch();
        return 0;
    });
}

int RamFs::symlink(const char* target, const char* path) {
    return at_path(path, [&](Where& w) {
        if (w.name.empty() || w.dir->find(w.name) != nullptr) {
            return -EEXIST;
        }
        auto node = make_node(budget_, S_IFLNK | 0777, next_ino());
        const std::size_t n = std::strlen(target);
        if (!node || node->resize(n) < 0) {
            return -ENOSPC;
        }
        std::memcpy(node->data.data(), target, n);
        if (const int rc = w.dir->insert(w.name, std::move(node)); rc < 0) {
            return rc;
        }
        w.dir->touch();
        return 0;
    });
}

long RamFs::readlink(const char* path, char* buf, std::size_t size) {
    return at_node(path, [&](std::shared_ptr<Node>& node) -> long {
        if (!node->is_link()) {
            return -EINVAL;
        }
        const std::size_t n = std::min(size, node->data.size());  // truncated, as POSIX says
        std::memcpy(buf, node->data.data(), n);
        return static_cast<long>(n);
    });
}

int RamFs::truncate(const char* path, long length) {
    return at_node(path, [&](std::shared_ptr<Node>& node) {
        if (node->is_dir()) {
            return -EISDIR;
        }
        const int rc = node->resize(static_cast<std::size_t>(length));
        if (rc == 0) {
            node->touch();
        }
        return rc;
    });
}

int RamFs::chmod(const char* path, mode_t mode) {
    return at_node(path, [&](std::shared_ptr<Node>& node) {
        node->mode = (node->mode & S_IFMT) | (mode & 07777);
        node->ctime = now();
        return 0;
    });
}

int RamFs::utimens(const char* path, const struct timespec* times) {
    return at_node(path, [&](std::shared_ptr<Node>& node) { return node->set_times(times); });
}

}  // namespace mcustd::ramfs
