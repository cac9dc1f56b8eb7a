// The VFS on the MCU: console descriptors, descriptor allocation and limits, fcntl flags, mounts,
// eventfd and poll()'s per-object wake-ups.
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "../../libstdcxx/test/check.hpp"
#include "mcustd/vfs.hpp"

namespace vfs = mcustd::vfs;

namespace {

// A file system with one read-only file "/hello" holding "hi!".
class OneFile final : public vfs::FileSystem {
  public:
    class File final : public vfs::OpenFile {
      public:
        explicit File(int* closes) : closes_(closes) {}
        long read(void* buf, std::size_t n) override {
            const std::size_t left = 3 - pos_;
            const std::size_t k = n < left ? n : left;
            std::memcpy(buf, "hi!" + pos_, k);
            pos_ += k;
            return static_cast<long>(k);
        }
        long lseek(long offset, int whence) override {
            const long base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? pos_ : 3;
            if (base + offset < 0) {
                return -EINVAL;
            }
            pos_ = static_cast<std::size_t>(base + offset);
            return static_cast<long>(pos_);
        }
        int fstat(struct stat& st) override {
            st.st_mode = S_IFREG | 0444;
            st.st_size = 3;
            return 0;
        }
        int close() override {
            ++*closes_;
            return 0;
        }

      private:
        std::size_t pos_ = 0;
        int* closes_;
    };

    int closes = 0;

    int open(const char* path, int flags, mode_t, std::shared_ptr<vfs::OpenFile>& out) override {
        if (std::strcmp(path, "/hello") != 0) {
            return -ENOENT;
        }
        if ((flags & O_ACCMODE) != O_RDONLY) {
            return -EROFS;
        }
        out = std::make_shared<File>(&closes);
        return 0;
    }
    int stat(const char* path, struct stat& st) override {
        if (std::strcmp(path, "/hello") != 0) {
            return -ENOENT;
        }
        st.st_mode = S_IFREG | 0444;
        st.st_size = 3;
        return 0;
    }
};

void console_descriptors() {
    CHECK(isatty(0) == 1 && isatty(1) == 1 && isatty(2) == 1);
    CHECK(write(1, "console ok\n", 11) == 11);
    struct stat st {};
    CHECK(fstat(1, &st) == 0 && S_ISCHR(st.st_mode));
    CHECK(stat("/dev/console", &st) == 0 && S_ISCHR(st.st_mode));
    errno = 0;
    CHECK(isatty(17) == 0 && errno == EBADF);
}

void files_through_a_mount() {
    OneFile fs;
    CHECK(vfs::mount("/t", fs) == 0);
    CHECK(vfs::mount("/t", fs) == -EBUSY);
    const int before = vfs::open_count();
    const int fd = open("/t/hello", O_RDONLY);
    CHECK(fd >= 3);
    char buf[8] = {};
    CHECK(read(fd, buf, sizeof buf) == 3 && std::memcmp(buf, "hi!", 3) == 0);
    CHECK(read(fd, buf, sizeof buf) == 0);  // end of file
    CHECK(lseek(fd, 1, SEEK_SET) == 1);
    CHECK(pread(fd, buf, 2, 0) == 2 && std::memcmp(buf, "hi", 2) == 0);
    CHECK(read(fd, buf, 1) == 1 && buf[0] == 'i');  // pread left the position alone
    errno = 0;
    CHECK(write(fd, "x", 1) == -1 && errno == EBADF);  // opened read-only
    errno = 0;
    CHECK(open("/t/nope", O_RDONLY) == -1 && errno == ENOENT);
    errno = 0;
    CHECK(open("/t/hello", O_RDWR) == -1 && errno == EROFS);
    errno = 0;
    CHECK(open("/elsewhere", O_RDONLY) == -1 && errno == ENOENT);

    // Descriptor flags: FD_CLOEXEC round-trips, O_NONBLOCK is a status flag.
    CHECK(fcntl(fd, F_GETFD) == 0);
    CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
    CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY);

    CHECK(close(fd) == 0 && fs.closes == 1);
    errno = 0;
    CHECK(close(fd) == -1 && errno == EBADF);
    CHECK(vfs::open_count() == before);
    CHECK(vfs::unmount("/t") == 0);
    CHECK(vfs::unmount("/t") == -ENOENT);
}

void descriptor_table_limit() {
    OneFile fs;
    CHECK(vfs::mount("/t", fs) == 0);
    std::vector<int> fds;
    for (int i = 0; i < vfs::kMaxDescriptors + 2; ++i) {
        const int fd = open("/t/hello", O_RDONLY);
        if (fd < 0) {
            CHECK(errno == EMFILE);
            break;
        }
        fds.push_back(fd);
    }
    CHECK(static_cast<int>(fds.size()) == vfs::kMaxDescriptors - 3);  // 0..2 are the console
    for (int fd : fds) {
        CHECK(close(fd) == 0);
    }
    // Every object the file system opened was closed, including the one refused with EMFILE.
    CHECK(fs.closes == vfs::kMaxDescriptors - 3 + 1);
    CHECK(open("/t/hello", O_RDONLY) == 3);  // lowest free descriptor again
    CHECK(close(3) == 0);
    CHECK(vfs::unmount("/t") == 0);
}

void poll_reports_ready_and_invalid() {
    vfs::PollFd fds[2] = {{1, vfs::kPollOut, 0}, {19, vfs::kPollIn, 0}};
    CHECK(vfs::poll(fds, 2, 0) == 2);
    CHECK(fds[0].revents == vfs::kPollOut);
    CHECK(fds[1].revents == vfs::kPollNval);
}

void eventfd_counts_like_linux() {
    CHECK(eventfd(0, 0x100) == -1 && errno == EINVAL);  // unknown flag
    const int fd = eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC);
    CHECK(fd >= 3);
    CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC && (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    std::uint64_t v = 0;
    CHECK(read(fd, &v, 4) == -1 && errno == EINVAL);  // shorter than the counter
    CHECK(read(fd, &v, sizeof v) == 8 && v == 3);
    CHECK(read(fd, &v, sizeof v) == -1 && errno == EAGAIN);  // read reset it to 0
    CHECK(eventfd_write(fd, 2) == 0 && eventfd_write(fd, 5) == 0);
    CHECK(eventfd_read(fd, &v) == 0 && v == 7);
    v = UINT64_MAX;
    CHECK(write(fd, &v, sizeof v) == -1 && errno == EINVAL);
    CHECK(eventfd_write(fd, UINT64_MAX - 1) == 0);  // the largest count
    vfs::PollFd p{fd, static_cast<short>(vfs::kPollIn | vfs::kPollOut), 0};
    CHECK(vfs::poll(&p, 1, 0) == 1 && p.revents == vfs::kPollIn);  // full: not writable
    CHECK(eventfd_write(fd, 1) == -1 && errno == EAGAIN);
    CHECK(close(fd) == 0);

    const int sem = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
    CHECK(eventfd_read(sem, &v) == 0 && v == 1);
    CHECK(eventfd_read(sem, &v) == 0 && v == 1);
    CHECK(eventfd_read(sem, &v) == -1 && errno == EAGAIN);
    CHECK(close(sem) == 0);
}

// A blocking read sleeps until another thread writes; a poll with a timeout and nothing ready
// returns 0 no earlier than the timeout.
void eventfd_blocks_and_poll_times_out() {
    const int fd = eventfd(0, 0);
    std::uint64_t got = 0;
    std::thread reader([&] { CHECK(eventfd_read(fd, &got) == 0); });
    CHECK(eventfd_write(fd, 42) == 0);
    reader.join();
    CHECK(got == 42);
    vfs::PollFd p{fd, vfs::kPollIn, 0};
    const auto start = std::chrono::steady_clock::now();
    CHECK(vfs::poll(&p, 1, 30) == 0 && p.revents == 0);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(30));
    CHECK(close(fd) == 0);
}

// Changes on one object wake only the poll() calls hooked on it: a poller of `a` makes no pass
// while `b` changes 20 times, then returns as soon as `a` does.
void poll_wakes_only_its_own_pollers() {
    const int a = eventfd(0, EFD_NONBLOCK);
    const int b = eventfd(0, EFD_NONBLOCK);
    const unsigned before = vfs::poll_empty_wakeups();
    int n = -1;
    vfs::PollFd p{a, vfs::kPollIn, 0};
    std::thread poller([&] { n = vfs::poll(&p, 1, -1); });
    // Not synchronisation (the check below holds either way): lets the poller reach its wait,
    // so the writes to b happen while it sleeps, which is the case under test.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (int i = 0; i < 20; ++i) {
        CHECK(eventfd_write(b, 1) == 0);
    }
    CHECK(eventfd_write(a, 1) == 0);
    poller.join();
    CHECK(n == 1 && p.revents == vfs::kPollIn);
    CHECK(vfs::poll_empty_wakeups() == before);
    CHECK(close(a) == 0 && close(b) == 0);
}

}  // namespace

int main() {
    mcustd::test::run("console_descriptors", console_descriptors);
    mcustd::test::run("files_through_a_mount", files_through_a_mount);
    mcustd::test::run("descriptor_table_limit", descriptor_table_limit);
    mcustd::test::run("poll_reports_ready_and_invalid", poll_reports_ready_and_invalid);
    mcustd::test::run("eventfd_counts_like_linux", eventfd_counts_like_linux);
    mcustd::test::run("eventfd_blocks_and_poll_times_out", eventfd_blocks_and_poll_times_out);
    mcustd::test::run("poll_wakes_only_its_own_pollers", poll_wakes_only_its_own_pollers);
    return mcustd::test::finish("port_vfs");
}
