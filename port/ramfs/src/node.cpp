// Node storage and accounting: every allocation is charged to the budget before it is made and
// given back when the node goes; a failed allocation is -ENOSPC like an exhausted budget.
#include "node.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

namespace mcustd::ramfs {

bool Budget::take(std::size_t n) noexcept {
    std::size_t used = used_.load(std::memory_order_relaxed);
    do {
        if (n > capacity_ - used) {
            return false;
        }
    } while (!used_.compare_exchange_weak(used, used + n, std::memory_order_relaxed));
    return true;
}

timespec now() noexcept {
    timespec ts{};
    (void)clock_gettime(CLOCK_REALTIME, &ts);
    return ts;
}

Node::Node(std::shared_ptr<Budget> b, mode_t m, ino_t i) noexcept
    : mode(m), ino(i), atime(now()), mtime(atime), ctime(atime), budget(std::move(b)) {}

Node::~Node() {
    entries.clear();  // children first: their charges are theirs
    budget->give(charged);
}

std::size_t Node::grow_towards(std::size_t want) {
    const std::size_t cap = data.capacity();
    if (want <= cap) {
        return cap;
    }
    // Grow by half again (fewer copies for appends), but never past what the budget allows.
    std::size_t target = std::max({want, cap + cap / 2, std::size_t{32}});
    const std::size_t room = budget->capacity() - std::min(budget->capacity(), budget->used());
    target = std::min(target, cap + room);
    if (target <= cap || !budget->take(target - cap)) {
        return cap;
    }
    try {
        data.reserve(target);  // libstdc++ allocates exactly `target`
    } catch (const std::bad_alloc&) {
        budget->give(target - cap);
        return cap;
    }
    charged += target - cap;
    return data.capacity();
}

std::shared_ptr<Node> make_node(const std::shared_ptr<Budget>& budget, mode_t mode, ino_t ino) {
    if (!budget->take(kNodeCost)) {
        return nullptr;
    }
    try {
        auto node = std::make_shared<Node>(budget, mode, ino);
        node->charged = kNodeCost;
        return node;
    } catch (const std::bad_alloc&) {
        budget->give(kNodeCost);
        return nullptr;
    }
}

int Node::resize(std::size_t n) {
    if (n == 0 && data.capacity() != 0) {  // emptied: give the block back
        const std::size_t cap = data.capacity();
        std::vector<std::byte>().swap(data);
        charged -= cap;
        budget->give(cap);
        return 0;
    }
    if (n > data.capacity() && grow_towards(n) < n) {
        return -ENOSPC;
    }
    data.resize(n);  // within capacity: no allocation
    return 0;
}

Entry* Node::find(std::string_view name) {
    auto it = std::lower_bound(entries.begin(), entries.end(), name,
                               [](const Entry& e, std::string_view n) { return e.name < n; });
    return it != entries.end() && it->name == name ? &*it : nullptr;
}

const Entry* Node::after(std::string_view name) const {
    auto it = std::upper_bound(entries.begin(), entries.end(), name,
                               [](std::string_view n, const Entry& e) { return n < e.name; });
    return it != entries.end() ? &*it : nullptr;
}

int Node::insert(std::string_view name, std::shared_ptr<Node> node) {
    // Charged: the entry array when it must grow (by its new capacity), then the name's heap
    // bytes (conservatively, even when it fits inline). Each charge is taken before its
    // allocation and kept only if the allocation succeeded.
    if (entries.size() == entries.capacity()) {
        const std::size_t new_cap = std::max<std::size_t>(4, entries.capacity() * 2);
        const std::size_t cost = (new_cap - entries.capacity()) * sizeof(Entry);
        if (!budget->take(cost)) {
            return -ENOSPC;
        }
        try {
            entries.reserve(new_cap);
        } catch (const std::bad_alloc&) {
            budget->give(cost);
            return -ENOSPC;
        }
        charged += cost;
    }
    const std::size_t cost = name.size() + 1;
    if (!budget->take(cost)) {
        return -ENOSPC;
    }
    try {
        Entry e{std::string(name), std::move(node)};
        auto it = std::lower_bound(entries.begin(), entries.end(), name,
                                   [](const Entry& x, std::string_view n) { return x.name < n; });
        entries.insert(it, std::move(e));  // within capacity: moves only, cannot throw
    } catch (const std::bad_alloc&) {
        budget->give(cost);
        return -ENOSPC;
    }
    charged += cost;
    return 0;
}

void Node::erase(std::string_view name) {
    auto it = std::lower_bound(entries.begin(), entries.end(), name,
                               [](const Entry& e, std::string_view n) { return e.name < n; });
    if (it != entries.end() && it->name == name) {
        const std::size_t cost = it->name.size() + 1;
        entries.erase(it);
        std::size_t freed = cost;
        if (entries.empty()) {  // an emptied directory gives its entry array back
            freed += entries.capacity() * sizeof(Entry);
            std::vector<Entry>().swap(entries);
        }
        charged -= freed;
        budget->give(freed);
    }
}

int Node::set_times(const struct timespec* times) noexcept {
    const timespec t = now();
    if (times == nullptr) {
        atime = mtime = ctime = t;
        return 0;
    }
    for (int i = 0; i < 2; ++i) {
        const long ns = times[i].tv_nsec;
        if (ns != UTIME_NOW && ns != UTIME_OMIT && (ns < 0 || ns >= 1000000000L)) {
            return -EINVAL;
        }
    }
    timespec* const fields[2] = {&atime, &mtime};
    for (int i = 0; i < 2; ++i) {
        if (times[i].tv_nsec == UTIME_NOW) {
            *fields[i] = t;
        } else if (times[i].tv_nsec != UTIME_OMIT) {
            *fields[i] = times[i];
        }
    }
    ctime = t;
    return 0;
}

void Node::fill(struct stat& st) const {
    st.st_mode = mode;
    st.st_nlink = nlink;
    st.st_ino = ino;
    st.st_size = static_cast<off_t>(is_dir() ? entries.size() : data.size());
    st.st_blksize = 512;
    st.st_blocks = static_cast<blkcnt_t>((data.capacity() + 511) / 512);
    st.st_atim = atime;
    st.st_mtim = mtime;
    st.st_ctim = ctime;
}

}  // namespace mcustd::ramfs
