// The RAM file system's nodes (files, directories, links) and their byte accounting.
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mcustd/ram_fs.hpp"

namespace mcustd::ramfs {

struct Entry {
    std::string name;
    std::shared_ptr<Node> node;
};

// What one node costs beyond its data: the node, its shared_ptr control block, a margin for
// the allocator's headers.
inline constexpr std::size_t kNodeCost = 128;

timespec now() noexcept;

struct Node {
    Node(std::shared_ptr<Budget> b, mode_t m, ino_t i) noexcept;
    ~Node();
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    [[nodiscard]] bool is_dir() const noexcept { return S_ISDIR(mode); }
    [[nodiscard]] bool is_file() const noexcept { return S_ISREG(mode); }
    [[nodiscard]] bool is_link() const noexcept { return S_ISLNK(mode); }

    // Regular file / link data: makes the size n (new bytes zero), growing capacity within the
    // budget. 0, or -ENOSPC with nothing changed.
    int resize(std::size_t n);
    // Capacity for at least `want` bytes if the budget allows, else as much as it does; returns
    // the capacity reached (>= size).
    std::size_t grow_towards(std::size_t want);

    // Directory entries, sorted by name: the entry or nullptr; insert() charges and may fail.
    Entry* find(std::string_view name);
    int insert(std::string_view name, std::shared_ptr<Node> node);  // 0 or -ENOSPC
    void erase(std::string_view name);
    // The first entry whose name sorts after `after` (for directory streams), or nullptr.
    const Entry* after(std::string_view after) const;

    // utimens semantics: times == nullptr sets both to now; UTIME_NOW / UTIME_OMIT honoured.
    // 0 or -EINVAL for a tv_nsec out of range.
    int set_times(const struct timespec* times) noexcept;

    void fill(struct stat& st) const;
    void touch() noexcept { mtime = ctime = now(); }

    mode_t mode;
    nlink_t nlink = 1;
    ino_t ino;
    timespec atime, mtime, ctime;
    std::vector<std::byte> data;
    std::vector<Entry> entries;
    Node* parent = nullptr;  // directories only: for rename's subtree check
    std::shared_ptr<Budget> budget;
    std::size_t charged = 0;  // everything this node took from the budget
};

// A new node with kNodeCost charged, or nullptr when the budget or the heap has no room.
std::shared_ptr<Node> make_node(const std::shared_ptr<Budget>& budget, mode_t mode, ino_t ino);

}  // namespace mcustd::ramfs
