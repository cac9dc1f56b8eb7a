// port/vfs/vfs.cpp on the host: descriptor allocation and limits, install_at, close-once (the
// FIN-on-close guarantee), fcntl flags, mounts and prefix matching, path operations, pread, poll.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "mcustd/vfs.hpp"

namespace vfs = mcustd::vfs;

namespace {

// An in-memory file that counts close() calls; uses the base class pread (seek, read, seek back).
class MemFile final : public vfs::OpenFile {
  public:
    explicit MemFile(std::string data, std::shared_ptr<int> closes = std::make_shared<int>(0),
                     int close_rc = 0)
        : data_(std::move(data)), closes_(std::move(closes)), close_rc_(close_rc) {}

    long read(void* buf, std::size_t n) override {
        const std::size_t k = pos_ < data_.size() ? std::min(n, data_.size() - pos_) : 0;
        std::memcpy(buf, data_.data() + pos_, k);
        pos_ += k;
        return static_cast<long>(k);
    }
    long write(const void* buf, std::size_t n) override {
        data_.append(static_cast<const char*>(buf), n);
        return static_cast<long>(n);
    }
    long lseek(long offset, int whence) override {
        const long base = whence == SEEK_SET   ? 0
                          : whence == SEEK_CUR ? static_cast<long>(pos_)
                                               : static_cast<long>(data_.size());
        if (base + offset < 0) {
            return -EINVAL;
        }
        pos_ = static_cast<std::size_t>(base + offset);
        return static_cast<long>(pos_);
    }
    int fstat(struct stat& st) override {
        st.st_mode = S_IFREG | 0644;
        st.st_size = static_cast<off_t>(data_.size());
        return 0;
    }
    int close() override {
        ++*closes_;
        return close_rc_;
    }
    [[nodiscard]] int closes() const { return *closes_; }

  private:
    std::string data_;
    std::size_t pos_ = 0;
    std::shared_ptr<int> closes_;
    int close_rc_;
};

// A stream whose readiness the test controls.
class Pipe final : public vfs::OpenFile {
  public:
    std::atomic<short> ready{0};
    short poll(short events) override { return static_cast<short>(ready.load() & events) | hup; }
    short hup = 0;
};

// A file system that records the path it was asked for and serves MemFiles with "data:<path>".
class RecordingFs final : public vfs::FileSystem {
  public:
    std::string last_path;
    int last_flags = -1;
    std::shared_ptr<int> closes = std::make_shared<int>(0);

    int open(const char* path, int flags, mode_t, std::shared_ptr<vfs::OpenFile>& out) override {
        last_path = path;
        last_flags = flags;
        if (std::strcmp(path, "/missing") == 0) {
            return -ENOENT;
        }
        out = std::make_shared<MemFile>("data:" + last_path, closes);
        return 0;
    }
    int stat(const char* path, struct stat& st) override {
        last_path = path;
        st.st_mode = S_IFREG | 0444;  // st_size left alone: the VFS must have zeroed it
        return std::strcmp(path, "/missing") == 0 ? -ENOENT : 0;
    }
};

class Vfs : public ::testing::Test {
  protected:
    void SetUp() override { vfs::reset(); }
    void TearDown() override { vfs::reset(); }
};

std::shared_ptr<MemFile> mem(const char* text = "") {
    return std::make_shared<MemFile>(text);
}

TEST_F(Vfs, InstallTakesLowestFreeDescriptor) {
    EXPECT_EQ(vfs::install(mem(), O_RDWR), 0);
    EXPECT_EQ(vfs::install(mem(), O_RDWR), 1);
    EXPECT_EQ(vfs::install(mem(), O_RDWR), 2);
    EXPECT_EQ(vfs::close(1), 0);
    EXPECT_EQ(vfs::install(mem(), O_RDWR), 1);
    EXPECT_EQ(vfs::install(mem(), O_RDWR), 3);
    EXPECT_EQ(vfs::open_count(), 4);
    EXPECT_EQ(vfs::install(nullptr, O_RDWR), -EINVAL);
}

TEST_F(Vfs, FullTableGivesEmfile) {
    for (int i = 0; i < vfs::kMaxDescriptors; ++i) {
        ASSERT_EQ(vfs::install(mem(), O_RDONLY), i);
    }
    EXPECT_EQ(vfs::install(mem(), O_RDONLY), -EMFILE);
    EXPECT_EQ(vfs::open_count(), vfs::kMaxDescriptors);
    EXPECT_EQ(vfs::close(7), 0);
    EXPECT_EQ(vfs::install(mem(), O_RDONLY), 7);
}

TEST_F(Vfs, OpenRefusedWithEmfileClosesTheNewObject) {
    RecordingFs fs;
    ASSERT_EQ(vfs::mount("/t", fs), 0);
    for (int i = 0; i < vfs::kMaxDescriptors; ++i) {
        ASSERT_EQ(vfs::install(mem(), O_RDONLY), i);
    }
    EXPECT_EQ(vfs::open("/t/a", O_RDONLY, 0), -EMFILE);
    EXPECT_EQ(*fs.closes, 1);  // the file system's object did not leak unclosed
}

TEST_F(Vfs, InstallAtReplacesAndClosesTheOldFile) {
    auto a = mem("a");
    auto b = mem("b");
    EXPECT_EQ(vfs::install_at(5, a, O_RDONLY), 5);
    EXPECT_EQ(vfs::get(5), a);
    EXPECT_EQ(vfs::install_at(5, b, O_WRONLY), 5);
    EXPECT_EQ(a->closes(), 1);
    EXPECT_EQ(b->closes(), 0);
    EXPECT_EQ(vfs::get(5), b);
    EXPECT_EQ(vfs::fcntl(5, F_GETFL, 0) & O_ACCMODE, O_WRONLY);
    EXPECT_EQ(vfs::open_count(), 1);
    EXPECT_EQ(vfs::install(mem(), O_RDONLY), 0);  // slots below 5 are still free

    EXPECT_EQ(vfs::install_at(-1, mem(), O_RDONLY), -EBADF);
    EXPECT_EQ(vfs::install_at(vfs::kMaxDescriptors, mem(), O_RDONLY), -EBADF);
    EXPECT_EQ(vfs::install_at(6, nullptr, O_RDONLY), -EBADF);
}

TEST_F(Vfs, InstallAtTheSameFileDoesNotCloseIt) {
    // dup2(fd, fd) leaves the file alone; closing it here would e.g. send a socket's FIN while
    // the socket stays installed.
    auto f = mem("x");
    ASSERT_EQ(vfs::install_at(4, f, O_RDWR), 4);
    EXPECT_EQ(vfs::install_at(4, f, O_RDWR | O_NONBLOCK), 4);
    EXPECT_EQ(f->closes(), 0);
    EXPECT_EQ(vfs::get(4), f);
    EXPECT_EQ(vfs::fcntl(4, F_GETFL, 0), O_RDWR | O_NONBLOCK);
    EXPECT_EQ(vfs::close(4), 0);
    EXPECT_EQ(f->closes(), 1);
}

TEST_F(Vfs, InstallAtIsAtomicAgainstInstall) {
    // install_at must not leave its slot free for a moment: a concurrent install() could take it
    // and then be overwritten (its object never closed, its descriptor pointing elsewhere).
    for (int fd = 0; fd < 5; ++fd) {
        ASSERT_EQ(vfs::install(mem(), O_RDWR), fd);
    }
    constexpr int kRounds = 3000;
    auto replaced = std::make_shared<int>(0);
    std::atomic<bool> stop{false};
    std::atomic<int> foreign{0};
    std::thread other([&] {
        for (int i = 0; i < kRounds && !stop.load(); ++i) {
            auto f = mem();
            const int fd = vfs::install(f, O_RDWR);
            if (fd < 0) {
                continue;
            }
            foreign.fetch_add(vfs::get(fd) == f ? 0 : 1);
            EXPECT_EQ(vfs::close(fd), 0);
            foreign.fetch_add(f->closes() == 1 ? 0 : 1);
        }
    });
    for (int i = 0; i < kRounds; ++i) {
        ASSERT_EQ(vfs::install_at(5, std::make_shared<MemFile>("", replaced), O_RDWR), 5);
    }
    stop = true;
    other.join();
    EXPECT_EQ(foreign.load(), 0);
    EXPECT_EQ(*replaced, kRounds - 1);  // every replaced file closed once, the last still open
}

TEST_F(Vfs, CloseRunsOnceWhenTheLastDescriptorGoes) {
    auto f = mem("x");
    const int fd1 = vfs::install(f, O_RDWR);
    const int fd2 = vfs::install(f, O_RDWR);  // two descriptors, one open file description
    ASSERT_GE(fd1, 0);
    ASSERT_GE(fd2, 0);
    EXPECT_EQ(vfs::close(fd1), 0);
    EXPECT_EQ(f->closes(), 0);  // fd2 still refers to it: no FIN yet
    EXPECT_EQ(vfs::close(fd2), 0);
    EXPECT_EQ(f->closes(), 1);
    EXPECT_EQ(vfs::close(fd2), -EBADF);
    EXPECT_EQ(f->closes(), 1);
}

TEST_F(Vfs, ObjectOutlivesCloseWhileAReaderHoldsIt) {
    auto closes = std::make_shared<int>(0);
    const int fd = vfs::install(std::make_shared<MemFile>("abc", closes), O_RDONLY);
    std::weak_ptr<vfs::OpenFile> watch = vfs::get(fd);
    auto in_use = vfs::get(fd);  // e.g. a read() in progress on another thread
    EXPECT_EQ(vfs::close(fd), 0);
    EXPECT_EQ(*closes, 1);
    EXPECT_FALSE(watch.expired());
    char c = 0;
    EXPECT_EQ(in_use->read(&c, 1), 1);
    in_use.reset();
    EXPECT_TRUE(watch.expired());
    EXPECT_EQ(*closes, 1);
}

TEST_F(Vfs, CloseReportsTheFileErrorAndStillFreesTheSlot) {
    const int fd =
        vfs::install(std::make_shared<MemFile>("", std::make_shared<int>(0), -EIO), O_RDWR);
    EXPECT_EQ(vfs::close(fd), -EIO);
    EXPECT_EQ(vfs::get(fd), nullptr);
    EXPECT_EQ(vfs::open_count(), 0);
}

TEST_F(Vfs, BadDescriptorsGiveEbadf) {
    char buf[4];
    struct stat st {};
    for (const int fd : {-1, 3, vfs::kMaxDescriptors, 1000}) {
        SCOPED_TRACE(fd);
        EXPECT_EQ(vfs::get(fd), nullptr);
        EXPECT_EQ(vfs::read(fd, buf, sizeof buf), -EBADF);
        EXPECT_EQ(vfs::pread(fd, buf, sizeof buf, 0), -EBADF);
        EXPECT_EQ(vfs::write(fd, buf, sizeof buf), -EBADF);
        EXPECT_EQ(vfs::lseek(fd, 0, SEEK_SET), -EBADF);
        EXPECT_EQ(vfs::fstat(fd, st), -EBADF);
        EXPECT_EQ(vfs::isatty(fd), -EBADF);
        EXPECT_EQ(vfs::ioctl(fd, 0, nullptr), -EBADF);
        EXPECT_EQ(vfs::fcntl(fd, F_GETFL, 0), -EBADF);
        EXPECT_EQ(vfs::close(fd), -EBADF);
    }
}

TEST_F(Vfs, AccessModeIsEnforced) {
    char buf[4];
    const int ro = vfs::install(mem("abc"), O_RDONLY);
    const int wo = vfs::install(mem(), O_WRONLY);
    EXPECT_EQ(vfs::write(ro, "x", 1), -EBADF);
    EXPECT_EQ(vfs::read(wo, buf, 1), -EBADF);
    EXPECT_EQ(vfs::pread(wo, buf, 1, 0), -EBADF);
    EXPECT_EQ(vfs::write(wo, "x", 1), 1);
    EXPECT_EQ(vfs::read(ro, buf, sizeof buf), 3);
}

TEST_F(Vfs, DefaultsOfTheOpenFileBase) {
    const int fd = vfs::install(std::make_shared<Pipe>(), O_RDWR);
    char buf[2];
    struct stat st {};
    st.st_size = 99;
    EXPECT_EQ(vfs::read(fd, buf, 1), -EINVAL);
    EXPECT_EQ(vfs::lseek(fd, 0, SEEK_CUR), -ESPIPE);
    EXPECT_EQ(vfs::pread(fd, buf, 1, 0), -ESPIPE);  // the default pread needs lseek
    EXPECT_EQ(vfs::isatty(fd), -ENOTTY);
    EXPECT_EQ(vfs::ioctl(fd, 1, nullptr), -ENOTTY);
    EXPECT_EQ(vfs::fstat(fd, st), 0);
    EXPECT_TRUE(S_ISCHR(st.st_mode));
    EXPECT_EQ(st.st_size, 0);  // zeroed before the object filled it
}

TEST_F(Vfs, FcntlStatusFlagsRoundTrip) {
    auto f = mem();
    const int fd = vfs::install(f, O_RDWR);
    EXPECT_EQ(vfs::fcntl(fd, F_GETFL, 0), O_RDWR);
    EXPECT_EQ(vfs::fcntl(fd, F_SETFL, O_NONBLOCK), 0);
    EXPECT_EQ(vfs::fcntl(fd, F_GETFL, 0), O_RDWR | O_NONBLOCK);
    EXPECT_EQ(f->flags(), O_RDWR | O_NONBLOCK);  // the object sees it (blocking reads check it)
    EXPECT_EQ(vfs::fcntl(fd, F_SETFL, O_RDONLY | O_APPEND), 0);  // access mode cannot change
    EXPECT_EQ(vfs::fcntl(fd, F_GETFL, 0), O_RDWR | O_APPEND);
    EXPECT_EQ(vfs::fcntl(fd, F_SETFL, 0), 0);
    EXPECT_EQ(vfs::fcntl(fd, F_GETFL, 0), O_RDWR);
    EXPECT_EQ(vfs::fcntl(fd, 12345, 0), -EINVAL);
}

TEST_F(Vfs, FcntlCloexecIsPerDescriptor) {
    auto f = mem();
    const int a = vfs::install(f, O_RDWR);
    const int b = vfs::install(f, O_RDWR);
    EXPECT_EQ(vfs::fcntl(a, F_GETFD, 0), 0);
    EXPECT_EQ(vfs::fcntl(a, F_SETFD, FD_CLOEXEC), 0);
    EXPECT_EQ(vfs::fcntl(a, F_GETFD, 0), FD_CLOEXEC);
    EXPECT_EQ(vfs::fcntl(b, F_GETFD, 0), 0);
    EXPECT_EQ(vfs::fcntl(a, F_SETFD, 0), 0);
    EXPECT_EQ(vfs::fcntl(a, F_GETFD, 0), 0);
    // A reused slot starts without FD_CLOEXEC.
    EXPECT_EQ(vfs::fcntl(b, F_SETFD, FD_CLOEXEC), 0);
    EXPECT_EQ(vfs::close(b), 0);
    EXPECT_EQ(vfs::install(mem(), O_RDWR), b);
    EXPECT_EQ(vfs::fcntl(b, F_GETFD, 0), 0);
}

// socket(SOCK_CLOEXEC)/accept4 install with FD_CLOEXEC already set; other bits are not kept.
TEST_F(Vfs, InstallWithDescriptorFlags) {
    const int a = vfs::install(mem(), O_RDWR | O_NONBLOCK, FD_CLOEXEC);
    ASSERT_GE(a, 0);
    EXPECT_EQ(vfs::fcntl(a, F_GETFD, 0), FD_CLOEXEC);
    EXPECT_EQ(vfs::fcntl(a, F_GETFL, 0), O_RDWR | O_NONBLOCK);
    const int b = vfs::install(mem(), O_RDWR, ~0);
    EXPECT_EQ(vfs::fcntl(b, F_GETFD, 0), FD_CLOEXEC);
    // The reused slot of a descriptor installed with FD_CLOEXEC starts without it.
    EXPECT_EQ(vfs::close(a), 0);
    EXPECT_EQ(vfs::install(mem(), O_RDWR), a);
    EXPECT_EQ(vfs::fcntl(a, F_GETFD, 0), 0);
}

TEST_F(Vfs, MountValidatesPrefixes) {
    RecordingFs fs;
    EXPECT_EQ(vfs::mount(nullptr, fs), -EINVAL);
    EXPECT_EQ(vfs::mount("", fs), -EINVAL);
    EXPECT_EQ(vfs::mount("rom", fs), -EINVAL);
    EXPECT_EQ(vfs::mount("/rom/", fs), -EINVAL);
    const std::string longest = "/" + std::string(vfs::kMaxMountPrefix - 1, 'p');
    EXPECT_EQ(vfs::mount((longest + "q").c_str(), fs), -EINVAL);
    EXPECT_EQ(vfs::mount(longest.c_str(), fs), 0);
    EXPECT_EQ(vfs::mount(longest.c_str(), fs), -EBUSY);
    EXPECT_EQ(vfs::open((longest + "/f").c_str(), O_RDONLY, 0) >= 0, true);
    EXPECT_EQ(fs.last_path, "/f");
}

TEST_F(Vfs, MountTableLimitAndUnmount) {
    RecordingFs fs;
    std::vector<std::string> prefixes;
    for (int i = 0; i < vfs::kMaxMounts; ++i) {
        prefixes.push_back("/m" + std::to_string(i));
        ASSERT_EQ(vfs::mount(prefixes.back().c_str(), fs), 0);
    }
    EXPECT_EQ(vfs::mount("/extra", fs), -ENOMEM);
    EXPECT_EQ(vfs::mount("/m0", fs), -EBUSY);
    EXPECT_EQ(vfs::unmount("/nope"), -ENOENT);
    EXPECT_EQ(vfs::unmount("/m1"), 0);
    EXPECT_EQ(vfs::unmount("/m1"), -ENOENT);
    EXPECT_EQ(vfs::open("/m1/a", O_RDONLY, 0), -ENOENT);
    EXPECT_EQ(vfs::mount("/extra", fs), 0);  // the freed slot is reused
}

TEST_F(Vfs, LongestWholeComponentPrefixWins) {
    RecordingFs root;
    RecordingFs rom;
    RecordingFs sub;
    ASSERT_EQ(vfs::mount("/", root), 0);
    ASSERT_EQ(vfs::mount("/rom", rom), 0);
    ASSERT_EQ(vfs::mount("/rom/sub", sub), 0);
    struct stat st {};
    EXPECT_EQ(vfs::stat("/rom/a/b", st), 0);
    EXPECT_EQ(rom.last_path, "/a/b");
    EXPECT_EQ(vfs::stat("/rom", st), 0);
    EXPECT_EQ(rom.last_path, "/");
    EXPECT_EQ(vfs::stat("/romx/a", st), 0);  // "/rom" is not a whole component of "/romx"
    EXPECT_EQ(root.last_path, "/romx/a");
    EXPECT_EQ(vfs::stat("/rom/sub/x", st), 0);
    EXPECT_EQ(sub.last_path, "/x");
    EXPECT_EQ(vfs::stat("/rom/subway", st), 0);
    EXPECT_EQ(rom.last_path, "/subway");
    EXPECT_EQ(vfs::stat("/", st), 0);
    EXPECT_EQ(root.last_path, "/");
    EXPECT_EQ(vfs::stat("rom/a", st), 0);  // relative to the working directory, "/"
    EXPECT_EQ(rom.last_path, "/a");
    EXPECT_EQ(vfs::stat("", st), -ENOENT);
    EXPECT_EQ(vfs::stat(nullptr, st), -EFAULT);
}

TEST_F(Vfs, NothingMountedGivesEnoent) {
    struct stat st {};
    std::unique_ptr<vfs::Directory> dir;
    EXPECT_EQ(vfs::open("/a", O_RDONLY, 0), -ENOENT);
    EXPECT_EQ(vfs::stat("/a", st), -ENOENT);
    EXPECT_EQ(vfs::mkdir("/a", 0755), -ENOENT);
    EXPECT_EQ(vfs::unlink("/a"), -ENOENT);
    EXPECT_EQ(vfs::link("/a", "/b"), -ENOENT);
    EXPECT_EQ(vfs::opendir("/a", dir), -ENOENT);
}

TEST_F(Vfs, OpenAndStatThroughAMount) {
    RecordingFs fs;
    ASSERT_EQ(vfs::mount("/t", fs), 0);
    const int fd = vfs::open("/t/dir/file", O_RDWR | O_CREAT | O_EXCL | O_TRUNC | O_APPEND, 0644);
    ASSERT_GE(fd, 0);
    EXPECT_EQ(fs.last_path, "/dir/file");
    EXPECT_EQ(fs.last_flags, O_RDWR | O_CREAT | O_EXCL | O_TRUNC | O_APPEND);  // fs sees all
    EXPECT_EQ(vfs::fcntl(fd, F_GETFL, 0), O_RDWR | O_APPEND);  // open-time flags are not kept
    char buf[32] = {};
    EXPECT_EQ(vfs::read(fd, buf, sizeof buf), 14);
    EXPECT_STREQ(buf, "data:/dir/file");
    struct stat st {};
    EXPECT_EQ(vfs::fstat(fd, st), 0);
    EXPECT_TRUE(S_ISREG(st.st_mode));
    EXPECT_EQ(st.st_size, 14);
    EXPECT_EQ(vfs::close(fd), 0);
    EXPECT_EQ(*fs.closes, 1);

    EXPECT_EQ(vfs::open("/t/missing", O_RDONLY, 0), -ENOENT);
    EXPECT_EQ(vfs::open_count(), 0);

    st.st_size = 1234;
    EXPECT_EQ(vfs::stat("/t/x", st), 0);
    EXPECT_EQ(st.st_mode, static_cast<mode_t>(S_IFREG | 0444));
    EXPECT_EQ(st.st_size, 0);  // zeroed by the VFS before the file system filled it
    EXPECT_EQ(vfs::stat("/t/missing", st), -ENOENT);
}

TEST_F(Vfs, FileSystemDefaultsAreReadOnly) {
    RecordingFs a;
    RecordingFs b;
    ASSERT_EQ(vfs::mount("/a", a), 0);
    ASSERT_EQ(vfs::mount("/b", b), 0);
    std::unique_ptr<vfs::Directory> dir;
    EXPECT_EQ(vfs::mkdir("/a/d", 0755), -EROFS);
    EXPECT_EQ(vfs::unlink("/a/f"), -EROFS);
    EXPECT_EQ(vfs::link("/a/f", "/a/g"), -EROFS);
    EXPECT_EQ(vfs::link("/a/f", "/b/g"), -EXDEV);
    EXPECT_EQ(vfs::opendir("/a", dir), -ENOTDIR);
}

TEST_F(Vfs, PreadDoesNotMoveThePosition) {
    const int fd = vfs::install(mem("0123456789"), O_RDONLY);
    char buf[8] = {};
    EXPECT_EQ(vfs::read(fd, buf, 2), 2);
    EXPECT_EQ(vfs::pread(fd, buf, 3, 6), 3);
    EXPECT_EQ(std::string(buf, 3), "678");
    EXPECT_EQ(vfs::lseek(fd, 0, SEEK_CUR), 2);
    EXPECT_EQ(vfs::read(fd, buf, 2), 2);
    EXPECT_EQ(std::string(buf, 2), "23");
    EXPECT_EQ(vfs::pread(fd, buf, 4, 100), 0);  // past the end
    EXPECT_EQ(vfs::lseek(fd, 0, SEEK_CUR), 4);
    EXPECT_EQ(vfs::pread(fd, buf, 1, -1), -EINVAL);
}

TEST_F(Vfs, PollReportsReadyInvalidAndIgnored) {
    auto pipe = std::make_shared<Pipe>();
    pipe->ready = vfs::kPollIn | vfs::kPollOut;
    pipe->hup = vfs::kPollHup;
    const int fd = vfs::install(pipe, O_RDWR);
    const int plain = vfs::install(mem(), O_RDWR);
    vfs::PollFd fds[4] = {{fd, vfs::kPollIn, 7},
                          {plain, vfs::kPollOut, 7},
                          {19, vfs::kPollIn, 7},
                          {-1, vfs::kPollIn, 7}};
    EXPECT_EQ(vfs::poll(fds, 4, 0), 3);
    EXPECT_EQ(fds[0].revents, vfs::kPollIn | vfs::kPollHup);  // not kPollOut: it was not asked
    EXPECT_EQ(fds[1].revents, vfs::kPollOut);
    EXPECT_EQ(fds[2].revents, vfs::kPollNval);
    EXPECT_EQ(fds[3].revents, 0);  // negative descriptors are skipped
}

TEST_F(Vfs, PollWithNothingReady) {
    auto pipe = std::make_shared<Pipe>();
    vfs::PollFd fds[1] = {{vfs::install(pipe, O_RDWR), vfs::kPollIn, 0}};
    EXPECT_EQ(vfs::poll(fds, 1, 0), 0);
    EXPECT_EQ(fds[0].revents, 0);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(vfs::poll(fds, 1, 30), 0);
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(30));
}

TEST_F(Vfs, PollWakesOnNotify) {
    auto pipe = std::make_shared<Pipe>();
    vfs::PollFd fds[1] = {{vfs::install(pipe, O_RDWR), vfs::kPollIn, 0}};
    std::thread producer([&] {
        pipe->ready = vfs::kPollIn;
        pipe->notify_readiness();
    });
    EXPECT_EQ(vfs::poll(fds, 1, -1), 1);  // no timeout: only the notification can end it
    EXPECT_EQ(fds[0].revents, vfs::kPollIn);
    producer.join();
}

TEST_F(Vfs, ResetForgetsDescriptorsAndMounts) {
    RecordingFs fs;
    ASSERT_EQ(vfs::mount("/t", fs), 0);
    std::weak_ptr<MemFile> watch;
    {
        auto f = mem();
        watch = f;
        ASSERT_EQ(vfs::install(f, O_RDWR), 0);
    }
    ASSERT_GE(vfs::open("/t/a", O_RDONLY, 0), 0);
    vfs::reset();
    EXPECT_EQ(vfs::open_count(), 0);
    EXPECT_EQ(vfs::get(0), nullptr);
    EXPECT_TRUE(watch.expired());  // the table released its references
    EXPECT_EQ(vfs::open("/t/a", O_RDONLY, 0), -ENOENT);
    EXPECT_EQ(vfs::unmount("/t"), -ENOENT);
    EXPECT_EQ(vfs::mount("/t", fs), 0);
    EXPECT_EQ(vfs::install(mem(), O_RDWR), 0);
}

TEST_F(Vfs, ConcurrentInstallAndCloseLeakNothing) {
    constexpr int kThreads = 4;
    constexpr int kRounds = 2000;
    std::atomic<int> installed{0};
    std::atomic<int> refused{0};
    std::vector<std::thread> threads;
    std::vector<std::shared_ptr<int>> per_thread(kThreads);
    for (int t = 0; t < kThreads; ++t) {
        per_thread[static_cast<std::size_t>(t)] = std::make_shared<int>(0);
        threads.emplace_back([&, t] {
            for (int i = 0; i < kRounds; ++i) {
                auto f = std::make_shared<MemFile>("", per_thread[static_cast<std::size_t>(t)]);
                const int fd = vfs::install(f, O_RDWR);
                if (fd < 0) {
                    refused.fetch_add(1);
                    continue;
                }
                installed.fetch_add(1);
                // Another thread may not close it: this fd is ours until we close it.
                EXPECT_EQ(vfs::get(fd), f);
                EXPECT_EQ(vfs::close(fd), 0);
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    int total_closes = 0;
    for (const auto& c : per_thread) {
        total_closes += *c;
    }
    EXPECT_EQ(installed.load() + refused.load(), kThreads * kRounds);
    EXPECT_EQ(refused.load(), 0);  // 4 threads never hold more than 4 of the 24 slots
    EXPECT_EQ(total_closes, installed.load());
    EXPECT_EQ(vfs::open_count(), 0);
}

}  // namespace
