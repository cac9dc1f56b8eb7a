// eventfd(): a VFS object holding a 64-bit counter, Linux semantics (see <sys/eventfd.h>). Its
// readiness changes wake only its own pollers (notify_readiness); a blocking read or write waits
// on the same hook mechanism as poll(), so there is one wait primitive in the VFS.
#include <sys/eventfd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>

#include "mcustd/vfs.hpp"
#include "poll_wait.hpp"

namespace mcustd::vfs {
namespace {

constexpr std::uint64_t kMaxCount = UINT64_MAX - 1;  // Linux: the counter never reaches 2^64-1

class EventFd final : public OpenFile {
  public:
    EventFd(std::uint64_t initial, bool semaphore) noexcept
        : OpenFile(Kind::kEventFd), count_(initial), semaphore_(semaphore) {}

    long read(void* buf, std::size_t n) override {
        if (n < sizeof(std::uint64_t)) {
            return -EINVAL;
        }
        std::uint64_t value = 0;
        const long rc = wait_until([&] {
            if (count_ == 0) {
                return false;
            }
            value = semaphore_ ? 1 : count_;
            count_ -= value;
            return true;
        });
        if (rc == 0) {
            std::memcpy(buf, &value, sizeof value);
        }
        return rc == 0 ? static_cast<long>(sizeof value) : rc;
    }

    long write(const void* buf, std::size_t n) override {
        if (n < sizeof(std::uint64_t)) {
            return -EINVAL;
        }
        std::uint64_t value = 0;
        std::memcpy(&value, buf, sizeof value);
        if (value == UINT64_MAX) {
            return -EINVAL;
        }
        const long rc = wait_until([&] {
            if (kMaxCount - count_ < value) {
                return false;
            }
            count_ += value;
            return true;
        });
        return rc == 0 ? static_cast<long>(sizeof value) : rc;
    }

    short poll(short events) override {
        std::uint64_t count = 0;
        {
            const HookLock lock;
            count = count_;
        }
        short revents = 0;
        revents |= (events & kPollIn) != 0 && count > 0 ? kPollIn : 0;
        revents |= (events & kPollOut) != 0 && count < kMaxCount ? kPollOut : 0;
        return revents;
    }

    int fstat(struct stat& st) override {
        st.st_mode = S_IFCHR | 0600;  // Linux shows an anonymous inode; no S_IFIFO semantics here
        return 0;
    }

  private:
    // Runs step() (which updates the counter, or returns false to wait) under the hook lock;
    // blocks until it succeeds unless O_NONBLOCK (-EAGAIN). 0 on success. The other side's
    // pollers and blocked callers are woken after every change.
    template <typename Step>
    long wait_until(Step step) {
        PollSignal signal;
        PollHook hook;
        const bool blocking = (flags() & O_NONBLOCK) == 0;
        for (;;) {
            if (blocking) {
                hook.attach(*this, signal);
            }
            bool done = false;
            {
                const HookLock lock;
                done = step();
            }
            if (done || !blocking) {
                hook.detach(*this);
                if (done) {
                    notify_readiness();
                }
                return done ? 0 : -EAGAIN;
            }
            (void)signal.wait(PollSignal::deadline_after(-1));
            hook.detach(*this);
        }
    }

    std::uint64_t count_;  // under HookLock
    bool semaphore_;
};

}  // namespace
}  // namespace mcustd::vfs

namespace vfs = mcustd::vfs;

extern "C" {

int eventfd(unsigned int initval, int flags) {
    if ((flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK)) != 0) {
        errno = EINVAL;
        return -1;
    }
    std::shared_ptr<vfs::OpenFile> file;
    try {
        file = std::make_shared<vfs::EventFd>(initval, (flags & EFD_SEMAPHORE) != 0);
    } catch (const std::bad_alloc&) {
        errno = ENOMEM;
        return -1;
    }
    const int fd = vfs::install(std::move(file), O_RDWR | (flags & EFD_NONBLOCK),
                                (flags & EFD_CLOEXEC) != 0 ? FD_CLOEXEC : 0);
    if (fd < 0) {
        errno = -fd;
        return -1;
    }
    return fd;
}

int eventfd_read(int fd, eventfd_t* value) {
    const long n = vfs::read(fd, value, sizeof *value);
    if (n < 0) {
        errno = static_cast<int>(-n);
        return -1;
    }
    return 0;
}

int eventfd_write(int fd, eventfd_t value) {
    const long n = vfs::write(fd, &value, sizeof value);
    if (n < 0) {
        errno = static_cast<int>(-n);
        return -1;
    }
    return 0;
}

}  // extern "C"
