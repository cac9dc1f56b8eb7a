// The RAM file system and the VFS's path resolution on the host, through mcustd::vfs:: calls:
// working directory, "." / "..", symbolic links (relative, absolute, across mounts, loops),
// name limits, the synthetic "/", rename rules, and the byte budget.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "mcustd/ram_fs.hpp"
#include "mcustd/vfs.hpp"

namespace vfs = mcustd::vfs;

namespace {

// Overrides only what a read-only file system must: everything else keeps the defaults.
class ReadOnlyFs final : public vfs::FileSystem {
  public:
    int open(const char*, int, mode_t, std::shared_ptr<vfs::OpenFile>&) override { return -ENOENT; }
    int stat(const char*, struct stat& st) override {
        st.st_mode = S_IFDIR | 0555;
        return 0;
    }
};

class RamFsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        vfs::reset();
        ASSERT_EQ(vfs::mount("/tmp", tmp), 0);
        ASSERT_EQ(vfs::mount("/other", other), 0);
    }
    void TearDown() override { vfs::reset(); }

    static std::string cwd() {
        char buf[vfs::kMaxPath];
        return vfs::getcwd(buf, sizeof buf) == 0 ? buf : "<error>";
    }
    static int make_file(const char* path, const std::string& text = "") {
        const int fd = vfs::open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) {
            return fd;
        }
        const long n = vfs::write(fd, text.data(), text.size());
        vfs::close(fd);
        return n == static_cast<long>(text.size()) ? 0 : -EIO;
    }
    static std::vector<std::string> list(const char* path) {
        std::vector<std::string> names;
        std::unique_ptr<vfs::Directory> dir;
        if (vfs::opendir(path, dir) < 0) {
            return {"<error>"};
        }
        char name[vfs::kMaxName + 1];
        bool is_dir = false;
        while (dir->next(name, sizeof name, is_dir) == 1) {
            names.emplace_back(name);
        }
        return names;
    }

    mcustd::ramfs::RamFs tmp{std::size_t{16} * 1024};
    mcustd::ramfs::RamFs other{std::size_t{4} * 1024};
};

TEST_F(RamFsTest, WorkingDirectoryAndRelativePaths) {
    EXPECT_EQ(cwd(), "/");
    ASSERT_EQ(vfs::mkdir("/tmp/a", 0755), 0);
    ASSERT_EQ(vfs::mkdir("/tmp/a/b", 0755), 0);
    EXPECT_EQ(vfs::chdir("tmp/a"), 0);
    EXPECT_EQ(cwd(), "/tmp/a");
    EXPECT_EQ(make_file("b/f", "x"), 0);
    struct stat st {};
    EXPECT_EQ(vfs::stat("/tmp/a/b/f", st), 0);
    EXPECT_EQ(vfs::stat("./b/../b/./f", st), 0);
    EXPECT_EQ(vfs::chdir(".."), 0);
    EXPECT_EQ(cwd(), "/tmp");
    EXPECT_EQ(vfs::chdir("../../../.."), 0);  // never above "/"
    EXPECT_EQ(cwd(), "/");
    EXPECT_EQ(vfs::chdir("/tmp/a/b/f"), -ENOTDIR);
    EXPECT_EQ(vfs::chdir("/tmp/none"), -ENOENT);
    EXPECT_EQ(cwd(), "/");
    char small[3];
    EXPECT_EQ(vfs::chdir("/tmp"), 0);
    EXPECT_EQ(vfs::getcwd(small, sizeof small), -ERANGE);
    EXPECT_EQ(vfs::stat("//tmp///a//b/", st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(vfs::stat("/tmp/a/b/f/", st), -ENOTDIR);
}

TEST_F(RamFsTest, RootListsMountsAndIsReadOnly) {
    struct stat st {};
    EXPECT_EQ(vfs::stat("/", st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(list("/"), (std::vector<std::string>{"tmp", "other"}));
    EXPECT_EQ(vfs::mkdir("/", 0755), -EEXIST);
    EXPECT_EQ(vfs::mkdir("/new", 0755), -ENOENT);
    EXPECT_EQ(vfs::stat("/tmp/..", st), 0);
    EXPECT_EQ(vfs::rmdir("/tmp"), -EBUSY);
}

TEST_F(RamFsTest, NameLimits) {
    // The whole path, NUL included, must fit kMaxPath: "/tmp/" leaves kMaxPath - 6 for a name.
    const std::string longest(vfs::kMaxPath - 6, 'n');
    EXPECT_EQ(make_file(("/tmp/" + longest).c_str()), 0);
    EXPECT_EQ(vfs::chdir("/tmp"), 0);
    EXPECT_EQ(make_file(longest.c_str()), 0);  // relative: "/tmp" + "/" + name, the same length
    EXPECT_EQ(vfs::open(("/tmp/" + longest + "n").c_str(), O_RDONLY, 0), -ENAMETOOLONG);
    std::string deep = "/tmp";
    while (deep.size() < vfs::kMaxPath) {
        deep += "/d";
    }
    struct stat st {};
    EXPECT_EQ(vfs::stat(deep.c_str(), st), -ENAMETOOLONG);
}

TEST_F(RamFsTest, SymbolicLinks) {
    ASSERT_EQ(vfs::mkdir("/tmp/d", 0755), 0);
    ASSERT_EQ(make_file("/tmp/d/f", "data"), 0);
    ASSERT_EQ(make_file("/other/o", "far"), 0);
    EXPECT_EQ(vfs::symlink("d", "/tmp/rel"), 0);
    EXPECT_EQ(vfs::symlink("/other", "/tmp/abs"), 0);
    EXPECT_EQ(vfs::symlink("../tmp/d/f", "/other/back"), 0);  // across mounts, with ".."
    struct stat st {};
    EXPECT_EQ(vfs::stat("/tmp/rel/f", st), 0);
    EXPECT_EQ(st.st_size, 4);
    EXPECT_EQ(vfs::stat("/tmp/abs/o", st), 0);
    EXPECT_EQ(st.st_size, 3);
    EXPECT_EQ(vfs::stat("/other/back", st), 0);
    EXPECT_EQ(st.st_size, 4);
    EXPECT_EQ(vfs::stat("/tmp/rel/../d/f", st), 0);  // ".." after a link: the target's parent
    EXPECT_EQ(vfs::chdir("/tmp/rel"), 0);
    EXPECT_EQ(cwd(), "/tmp/d");  // resolved
    EXPECT_EQ(vfs::symlink("self", "/tmp/self"), 0);
    EXPECT_EQ(vfs::stat("/tmp/self", st), -ELOOP);
    EXPECT_EQ(vfs::lstat("/tmp/self", st), 0);
    EXPECT_TRUE(S_ISLNK(st.st_mode));
    // A chain of exactly kMaxSymlinks links resolves; one more is a loop.
    std::string prev = "/tmp/d/f";
    for (int i = 0; i <= vfs::kMaxSymlinks; ++i) {
        const std::string name = "/tmp/chain" + std::to_string(i);
        ASSERT_EQ(vfs::symlink(prev.c_str(), name.c_str()), 0);
        prev = name;
    }
    EXPECT_EQ(vfs::stat(("/tmp/chain" + std::to_string(vfs::kMaxSymlinks - 1)).c_str(), st), 0);
    EXPECT_EQ(vfs::stat(("/tmp/chain" + std::to_string(vfs::kMaxSymlinks)).c_str(), st), -ELOOP);
    char buf[8];
    EXPECT_EQ(vfs::readlink("/tmp/rel", buf, sizeof buf), 1);
    EXPECT_EQ(buf[0], 'd');
    EXPECT_EQ(vfs::readlink("/tmp/d", buf, sizeof buf), -EINVAL);
    // O_CREAT through a dangling link creates its target; O_EXCL refuses the link itself.
    EXPECT_EQ(vfs::symlink("made", "/tmp/dangling"), 0);
    EXPECT_EQ(vfs::open("/tmp/dangling", O_WRONLY | O_CREAT | O_EXCL, 0644), -EEXIST);
    const int fd = vfs::open("/tmp/dangling", O_WRONLY | O_CREAT, 0644);
    EXPECT_GE(fd, 0);
    vfs::close(fd);
    EXPECT_EQ(vfs::stat("/tmp/made", st), 0);
}

TEST_F(RamFsTest, RenameRules) {
    ASSERT_EQ(vfs::mkdir("/tmp/a", 0755), 0);
    ASSERT_EQ(vfs::mkdir("/tmp/a/b", 0755), 0);
    EXPECT_EQ(vfs::rename("/tmp/a", "/tmp/a/b/c"), -EINVAL);
    EXPECT_EQ(vfs::rename("/tmp/a", "/tmp/a"), 0);
    EXPECT_EQ(vfs::rename("/tmp/a/.", "/tmp/z"), -EINVAL);
    EXPECT_EQ(vfs::rename("/tmp/a", "/other/a"), -EXDEV);
    ASSERT_EQ(make_file("/tmp/f", "1"), 0);
    ASSERT_EQ(vfs::link("/tmp/f", "/tmp/g"), 0);
    EXPECT_EQ(vfs::rename("/tmp/f", "/tmp/g"), 0);  // same file: nothing happens
    struct stat st {};
    EXPECT_EQ(vfs::stat("/tmp/f", st), 0);
    EXPECT_EQ(st.st_nlink, 2u);
    EXPECT_EQ(vfs::rename("/tmp/a/b", "/tmp/b"), 0);
    EXPECT_EQ(vfs::stat("/tmp/a", st), 0);
    EXPECT_EQ(st.st_nlink, 2u);
    EXPECT_EQ(vfs::stat("/tmp", st), 0);
    EXPECT_EQ(st.st_nlink, 4u);  // ".", and the ".." of a and b
    EXPECT_EQ(vfs::rename("/tmp/b", "/tmp/a/b2"), 0);
    EXPECT_EQ(vfs::rename("/tmp/a", "/tmp/a/b2/x"), -EINVAL);
}

TEST_F(RamFsTest, ReadOnlyDefaultsAnswerErofs) {
    ReadOnlyFs ro;
    ASSERT_EQ(vfs::mount("/ro", ro), 0);
    EXPECT_EQ(vfs::mkdir("/ro/d", 0755), -EROFS);
    EXPECT_EQ(vfs::rmdir("/ro/d"), -EROFS);
    EXPECT_EQ(vfs::rename("/ro/a", "/ro/b"), -EROFS);
    EXPECT_EQ(vfs::symlink("x", "/ro/l"), -EROFS);
    EXPECT_EQ(vfs::truncate("/ro/f", 0), -EROFS);
    EXPECT_EQ(vfs::chmod("/ro/f", 0), -EROFS);
    EXPECT_EQ(vfs::utimens("/ro/f", nullptr, true), -EROFS);
    EXPECT_EQ(vfs::access("/ro/f", W_OK), -EROFS);
    EXPECT_EQ(vfs::access("/ro/f", R_OK), 0);
    char buf[4];
    EXPECT_EQ(vfs::readlink("/ro/f", buf, sizeof buf), -EINVAL);
    EXPECT_EQ(vfs::unmount("/ro"), 0);
}

TEST_F(RamFsTest, BudgetIsNeverExceededAndComesBack) {
    const std::size_t baseline = other.used();
    const int fd = vfs::open("/other/big", O_RDWR | O_CREAT, 0644);
    ASSERT_GE(fd, 0);
    const std::string chunk(1000, 'x');
    long total = 0;
    long rc = 0;
    while ((rc = vfs::write(fd, chunk.data(), chunk.size())) > 0) {
        total += rc;
        ASSERT_LE(other.used(), other.capacity());
    }
    EXPECT_EQ(rc, -ENOSPC);
    EXPECT_GT(total, 3000);
    EXPECT_EQ(vfs::mkdir("/other/d", 0755), -ENOSPC);
    EXPECT_EQ(vfs::ftruncate(fd, 10L * 1024), -ENOSPC);
    EXPECT_EQ(vfs::ftruncate(fd, 0), 0);
    const std::size_t empty_file = other.used();
    EXPECT_GT(empty_file, baseline);
    EXPECT_LT(empty_file, baseline + 512);  // the node and its entry, not the data
    vfs::close(fd);
    EXPECT_EQ(vfs::unlink("/other/big"), 0);
    EXPECT_EQ(other.used(), baseline);
}

}  // namespace
