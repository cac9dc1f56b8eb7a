// Descriptor table, mount table and path resolution of the VFS (see include/mcustd/vfs.hpp).
#include "mcustd/vfs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <utility>

#include "internal.hpp"
#include "poll_wait.hpp"

#ifdef MCUSTD_OPEN_MAX  // the MCU's <unistd.h> (port/posix): sysconf(_SC_OPEN_MAX) tells this size
static_assert(mcustd::vfs::kMaxDescriptors == MCUSTD_OPEN_MAX);
#endif

namespace mcustd::vfs {

int OpenFile::fstat(struct stat& st) {
    st.st_mode = S_IFCHR | 0666;
    return 0;
}

long OpenFile::pread(void* buf, std::size_t n, long offset) {
    const long saved = lseek(0, SEEK_CUR);
    if (saved < 0) {
        return saved;
    }
    if (const long rc = lseek(offset, SEEK_SET); rc < 0) {
        return rc;
    }
    const long got = read(buf, n);
    (void)lseek(saved, SEEK_SET);
    return got;
}

namespace {

struct Slot {
    std::shared_ptr<OpenFile> file;
    int fd_flags = 0;  // FD_CLOEXEC: kept so F_GETFD answers what F_SETFD set
};

struct Mount {
    std::array<char, kMaxMountPrefix + 1> prefix{};
    std::size_t length = 0;
    FileSystem* fs = nullptr;
};

// The descriptor slots' lock. Every socket call reads a slot (get()), so it is the cheapest lock
// that is still correct: on the MCU interrupts masked for a few instructions (poll_wait.hpp)
// instead of a kernel mutex. Nothing under it blocks or frees: get() copies a shared_ptr (one
// atomic increment) and objects released from a slot are destroyed after it is dropped. The
// shared_ptr stays on purpose: it is what keeps an object alive while a read() in one thread
// races with close() in another (a raw pointer would need a use count of its own: the same cost).
using SlotLock = HookLock;

// All VFS state, resettable for tests. The mutexes are constexpr-constructed, so the VFS works
// from static constructors onwards (no initialisation-order dependency).
struct State {
    std::mutex lock;
    std::array<Slot, kMaxDescriptors> slots;
    std::array<Mount, kMaxMounts> mounts;
};

State& state() {
    static State s;  // function-local: constructed on first use, not in static-init order
    return s;
}

bool valid_fd(int fd) {
    return fd >= 0 && fd < kMaxDescriptors;
}

}  // namespace

namespace detail {

// The mount with the longest prefix that matches whole path components of `path`; the rest of
// the path (always starting with '/') goes to *rest.
FileSystem* find_mount(const char* path, const char** rest) {
    State& s = state();
    std::lock_guard guard(s.lock);
    const Mount* best = nullptr;
    for (const Mount& m : s.mounts) {
        if (m.fs == nullptr || (best != nullptr && m.length <= best->length)) {
            continue;
        }
        const bool root = m.length == 1;  // "/" matches everything
        if (root || (std::strncmp(path, m.prefix.data(), m.length) == 0 &&
                     (path[m.length] == '\0' || path[m.length] == '/'))) {
            best = &m;
        }
    }
    if (best == nullptr) {
        return nullptr;
    }
    const char* r = best->length == 1 ? path : path + best->length;
    *rest = *r == '\0' ? "/" : r;
    return best->fs;
}

std::size_t mount_points(MountPoints& out) {
    State& s = state();
    std::lock_guard guard(s.lock);
    std::size_t n = 0;
    for (const Mount& m : s.mounts) {
        if (m.fs != nullptr) {
            out[n++] = m.prefix;
        }
    }
    return n;
}

}  // namespace detail

int mount(const char* prefix, FileSystem& fs) {
    const std::size_t n = prefix != nullptr ? std::strlen(prefix) : 0;
    if (n == 0 || prefix[0] != '/' || n > kMaxMountPrefix || (n > 1 && prefix[n - 1] == '/')) {
        return -EINVAL;
    }
    State& s = state();
    std::lock_guard guard(s.lock);
    Mount* free_slot = nullptr;
    for (Mount& m : s.mounts) {
        if (m.fs != nullptr && m.length == n && std::strncmp(m.prefix.data(), prefix, n) == 0) {
            return -EBUSY;
        }
        if (m.fs == nullptr && free_slot == nullptr) {
            free_slot = &m;
        }
    }
    if (free_slot == nullptr) {
        return -ENOMEM;
    }
    std::memcpy(free_slot->prefix.data(), prefix, n + 1);
    free_slot->length = n;
    free_slot->fs = &fs;
    return 0;
}

int unmount(const char* prefix) {
    State& s = state();
    std::lock_guard guard(s.lock);
    for (Mount& m : s.mounts) {
        if (m.fs != nullptr && std::strcmp(m.prefix.data(), prefix) == 0) {
            m = Mount{};
            return 0;
        }
    }
    return -ENOENT;
}

int install(std::shared_ptr<OpenFile> file, int flags, int fd_flags) {
    if (!file) {
        return -EINVAL;
    }
    State& s = state();
    const SlotLock guard;
    for (int fd = 0; fd < kMaxDescriptors; ++fd) {
        Slot& slot = s.slots[static_cast<std::size_t>(fd)];
        if (!slot.file) {
            file->set_flags(flags);
            slot.file = std::move(file);
            slot.fd_flags = fd_flags & FD_CLOEXEC;
            return fd;
        }
    }
    return -EMFILE;
}

int install_at(int fd, std::shared_ptr<OpenFile> file, int flags) {
    if (!valid_fd(fd) || !file) {
        return -EBADF;
    }
    // Swapped in under one lock hold, so a concurrent install() never sees the slot free; the
    // old file is closed afterwards (outside the lock) only if it was its last descriptor and is
    // not the file being installed (dup2(fd, fd) closes nothing).
    std::shared_ptr<OpenFile> old;
    bool last = true;
    {
        State& s = state();
        const SlotLock guard;
        file->set_flags(flags);
        Slot& slot = s.slots[static_cast<std::size_t>(fd)];
        old = std::exchange(slot.file, std::move(file));
        slot.fd_flags = 0;
        for (const Slot& other : s.slots) {
            last = last && other.file != old;
        }
    }
    if (old && last) {
        (void)old->close();  // like dup2: a failure to close the old file is not reported
        old->notify_readiness();
    }
    return fd;
}

std::shared_ptr<OpenFile> get(int fd) {
    if (!valid_fd(fd)) {
        return nullptr;
    }
    State& s = state();
    const SlotLock guard;
    return s.slots[static_cast<std::size_t>(fd)].file;
}

int close(int fd) {
    if (!valid_fd(fd)) {
        return -EBADF;
    }
    std::shared_ptr<OpenFile> file;
    bool last = true;
    {
        State& s = state();
        const SlotLock guard;
        file = std::move(s.slots[static_cast<std::size_t>(fd)].file);
        s.slots[static_cast<std::size_t>(fd)] = Slot{};
        if (!file) {
            return -EBADF;
        }
        for (const Slot& slot : s.slots) {
            last = last && slot.file != file;
        }
    }
    // Outside the lock: a socket's close may block while it sends its FIN.
    const int rc = last ? file->close() : 0;
    file->notify_readiness();  // a poller waiting on fd re-checks it and finds POLLNVAL
    return rc;
}

int open_count() {
    State& s = state();
    const SlotLock guard;
    int n = 0;
    for (const Slot& slot : s.slots) {
        n += slot.file ? 1 : 0;
    }
    return n;
}

long read(int fd, void* buf, std::size_t n) {
    const auto file = get(fd);
    if (!file || (file->flags() & O_ACCMODE) == O_WRONLY) {
        return -EBADF;
    }
    return file->read(buf, n);
}

long pread(int fd, void* buf, std::size_t n, long offset) {
    const auto file = get(fd);
    if (!file || (file->flags() & O_ACCMODE) == O_WRONLY) {
        return -EBADF;
    }
    return offset < 0 ? -EINVAL : file->pread(buf, n, offset);
}

long write(int fd, const void* buf, std::size_t n) {
    const auto file = get(fd);
    if (!file || (file->flags() & O_ACCMODE) == O_RDONLY) {
        return -EBADF;
    }
    return file->write(buf, n);
}

long lseek(int fd, long offset, int whence) {
    const auto file = get(fd);
    return file ? file->lseek(offset, whence) : -EBADF;
}

int fstat(int fd, struct stat& st) {
    const auto file = get(fd);
    if (!file) {
        return -EBADF;
    }
    st = {};
    return file->fstat(st);
}

int isatty(int fd) {
    const auto file = get(fd);
    if (!file) {
        return -EBADF;
    }
    return file->isatty() ? 1 : -ENOTTY;
}

int ioctl(int fd, unsigned long request, void* arg) {
    const auto file = get(fd);
    return file ? file->ioctl(request, arg) : -EBADF;
}

int ftruncate(int fd, long length) {
    const auto file = get(fd);
    if (!file) {
        return -EBADF;
    }
    if ((file->flags() & O_ACCMODE) == O_RDONLY || length < 0) {
        return -EINVAL;
    }
    return file->truncate(length);
}

int fchmod(int fd, mode_t mode) {
    const auto file = get(fd);
    return file ? file->chmod(mode) : -EBADF;
}

int futimens(int fd, const struct timespec* times) {
    const auto file = get(fd);
    return file ? file->utimens(times) : -EBADF;
}

int fcntl(int fd, int cmd, int arg) {
    if (!valid_fd(fd)) {
        return -EBADF;
    }
    State& s = state();
    const SlotLock guard;
    Slot& slot = s.slots[static_cast<std::size_t>(fd)];
    if (!slot.file) {
        return -EBADF;
    }
    switch (cmd) {
        case F_GETFL:
            return slot.file->flags();
        case F_SETFL: {
            // Only O_NONBLOCK and O_APPEND may change; the access mode is fixed at open.
            const int changeable = O_NONBLOCK | O_APPEND;
            slot.file->set_flags((slot.file->flags() & ~changeable) | (arg & changeable));
            return 0;
        }
        case F_GETFD:
            return slot.fd_flags;
        case F_SETFD:
            slot.fd_flags = arg & FD_CLOEXEC;
            return 0;
        default:
            return -EINVAL;
    }
}

namespace {
std::atomic<unsigned> g_empty_wakeups{0};  // a statistic: never reset, only compared
}  // namespace

// One pass registers this call's hook on every polled object *before* asking it, so a change
// after the answer posts the semaphore and the wait returns at once (no lost wake-up). The hooks
// are taken off after every pass: a descriptor closed and reused meanwhile is looked up afresh.
namespace {

// One polled descriptor's state in a poll() call: the file kept alive while hooked, and the hook.
struct PollEntry {
    std::shared_ptr<OpenFile> file;
    PollHook hook;
};

// The first `count` of N entries, constructed and destroyed; the rest stay raw storage. The web
// server polls a few descriptors per request, and building and destroying all 24 cost ~400
// instructions a call (bench/mcu.sh's profile).
class PollEntries {
  public:
    explicit PollEntries(std::size_t count) noexcept : count_(count) {
        std::uninitialized_value_construct_n(data(), count_);
    }
    ~PollEntries() { std::destroy_n(data(), count_); }
    PollEntries(const PollEntries&) = delete;
    PollEntries& operator=(const PollEntries&) = delete;
    PollEntry& operator[](std::size_t i) noexcept { return data()[i]; }

  private:
    PollEntry* data() noexcept {
        return std::launder(reinterpret_cast<PollEntry*>(storage_));  // NOLINT: raw storage
    }
    alignas(PollEntry) std::byte storage_[sizeof(PollEntry) * kMaxDescriptors];  // NOLINT
    std::size_t count_;
};

}  // namespace

int poll(PollFd* fds, std::size_t count, int timeout_ms) {
    if (count > static_cast<std::size_t>(kMaxDescriptors) || (fds == nullptr && count > 0)) {
        return -EINVAL;
    }
    PollSignal signal;
    const PollDeadline deadline = PollSignal::deadline_after(timeout_ms);
    PollEntries entries(count);
    bool rescan = false;  // this pass follows a wake-up
    for (;;) {
        int ready = 0;
        for (std::size_t i = 0; i < count; ++i) {
            fds[i].revents = 0;
            if (fds[i].fd < 0) {
                continue;
            }
            std::shared_ptr<OpenFile>& file = entries[i].file;
            file = get(fds[i].fd);
            if (!file) {
                fds[i].revents = kPollNval;
                ++ready;
                continue;
            }
            if (timeout_ms != 0) {
                entries[i].hook.attach(*file, signal);
            }
            fds[i].revents = static_cast<short>(file->poll(fds[i].events) &
                                                (fds[i].events | kPollErr | kPollHup));
            ready += fds[i].revents != 0 ? 1 : 0;
        }
        if (rescan && ready == 0) {
            g_empty_wakeups.fetch_add(1, std::memory_order_relaxed);
        }
        const bool woken = ready > 0 || timeout_ms == 0 || signal.wait(deadline);
        for (std::size_t i = 0; i < count; ++i) {
            if (PollEntry& e = entries[i]; e.file) {
                e.hook.detach(*e.file);
                e.file.reset();
            }
        }
        signal.clear();  // the next pass re-checks everything those posts were about
        if (ready > 0 || timeout_ms == 0) {
            return ready;
        }
        if (!woken) {
            return 0;
        }
        rescan = true;
    }
}

unsigned poll_empty_wakeups() {
    return g_empty_wakeups.load(std::memory_order_relaxed);
}

void OpenFile::notify_readiness() noexcept {
    PollHook::notify(*this);
}

void reset() {
    State& s = state();
    std::array<Slot, kMaxDescriptors> old;
    {
        std::lock_guard guard(s.lock);
        const SlotLock slots_guard;
        old.swap(s.slots);
        s.mounts = {};
    }
    detail::reset_cwd();
    // `old` releases the files here, outside the lock.
}

}  // namespace mcustd::vfs
