// port/romfs on the host: /rom (the site image through rom_fs.cpp and the VFS) read with
// mcustd::vfs:: calls and compared with site/ on disk; EROFS for writes, ENOENT/ENOTDIR for bad
// paths.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>

#include "mcustd/rom_mount.hpp"
#include "mcustd/vfs.hpp"

namespace vfs = mcustd::vfs;

namespace {

std::string site_file(const char* name) {
    std::ifstream in(std::string(MCUSTD_SITE_DIR) + "/" + name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class Rom : public ::testing::Test {
  protected:
    void SetUp() override {
        vfs::reset();
        ASSERT_EQ(mcustd::rom::mount(), 0);
    }
    void TearDown() override {
        EXPECT_EQ(mcustd::rom::unmount(), 0);
        EXPECT_EQ(vfs::open_count(), 0);
        vfs::reset();
    }
};

TEST_F(Rom, SecondMountIsBusyAndUnmountTwiceIsEnoent) {
    EXPECT_EQ(mcustd::rom::mount(), -EBUSY);
    EXPECT_EQ(mcustd::rom::unmount(), 0);
    EXPECT_EQ(mcustd::rom::unmount(), -ENOENT);
    EXPECT_EQ(vfs::open("/rom/hello.html", O_RDONLY, 0), -ENOENT);
    EXPECT_EQ(mcustd::rom::mount(), 0);  // for TearDown
}

TEST_F(Rom, ReadsEqualTheSiteFiles) {
    for (const char* name : {"hello.html", "index.html", "static/1k.txt", "static/64k.txt"}) {
        SCOPED_TRACE(name);
        const std::string expected = site_file(name);
        ASSERT_FALSE(expected.empty());
        const int fd = vfs::open((std::string("/rom/") + name).c_str(), O_RDONLY, 0);
        ASSERT_GE(fd, 0);
        std::string got;
        char buf[100];  // odd size: many short reads
        for (long n; (n = vfs::read(fd, buf, sizeof buf)) > 0;) {
            got.append(buf, static_cast<std::size_t>(n));
        }
        EXPECT_EQ(got, expected);
        EXPECT_EQ(vfs::read(fd, buf, sizeof buf), 0);
        struct stat st {};
        EXPECT_EQ(vfs::fstat(fd, st), 0);
        EXPECT_TRUE(S_ISREG(st.st_mode));
        EXPECT_EQ(st.st_size, static_cast<off_t>(expected.size()));
        EXPECT_EQ(vfs::close(fd), 0);
    }
}

TEST_F(Rom, LseekAndPread) {
    const std::string expected = site_file("hello.html");
    ASSERT_GT(expected.size(), 16u);
    const int fd = vfs::open("/rom/hello.html", O_RDONLY, 0);
    ASSERT_GE(fd, 0);
    const auto size = static_cast<long>(expected.size());
    char buf[8];
    EXPECT_EQ(vfs::lseek(fd, 0, SEEK_END), size);
    EXPECT_EQ(vfs::lseek(fd, 5, SEEK_SET), 5);
    EXPECT_EQ(vfs::read(fd, buf, 3), 3);
    EXPECT_EQ(std::string(buf, 3), expected.substr(5, 3));
    EXPECT_EQ(vfs::lseek(fd, -2, SEEK_CUR), 6);
    EXPECT_EQ(vfs::lseek(fd, -1, SEEK_SET), -EINVAL);
    EXPECT_EQ(vfs::lseek(fd, 0, 99), -EINVAL);
    EXPECT_EQ(vfs::lseek(fd, size + 10, SEEK_SET), size + 10);  // past the end reads 0
    EXPECT_EQ(vfs::read(fd, buf, 1), 0);
    EXPECT_EQ(vfs::lseek(fd, 8, SEEK_SET), 8);
    EXPECT_EQ(vfs::pread(fd, buf, 4, 1), 4);
    EXPECT_EQ(std::string(buf, 4), expected.substr(1, 4));
    EXPECT_EQ(vfs::lseek(fd, 0, SEEK_CUR), 8);  // pread left the position alone
    EXPECT_EQ(vfs::pread(fd, buf, 4, size), 0);
    EXPECT_EQ(vfs::pread(fd, buf, 4, size - 2), 2);
    EXPECT_EQ(vfs::pread(fd, buf, 4, -1), -EINVAL);
    EXPECT_EQ(vfs::write(fd, "x", 1), -EBADF);
    EXPECT_EQ(vfs::close(fd), 0);
}

TEST_F(Rom, StatFilesAndDirectories) {
    struct stat st {};
    EXPECT_EQ(vfs::stat("/rom/static/1k.txt", st), 0);
    EXPECT_TRUE(S_ISREG(st.st_mode));
    EXPECT_EQ(st.st_size, static_cast<off_t>(site_file("static/1k.txt").size()));
    EXPECT_EQ(vfs::stat("/rom/static", st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(vfs::stat("/rom", st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(vfs::stat("/rom/nope.html", st), -ENOENT);
    EXPECT_EQ(vfs::stat("/rom/hello.html/x", st), -ENOTDIR);
    EXPECT_EQ(vfs::stat("/rom/CMakeLists.txt", st), -ENOENT);  // excluded from the image
}

TEST_F(Rom, OpendirListsTheSite) {
    std::unique_ptr<vfs::Directory> dir;
    ASSERT_EQ(vfs::opendir("/rom", dir), 0);
    std::map<std::string, bool> entries;
    char name[64];
    bool is_dir = false;
    for (int rc; (rc = dir->next(name, sizeof name, is_dir)) == 1;) {
        entries[name] = is_dir;
    }
    const std::map<std::string, bool> expected = {{"404.html", false},
                                                  {"device.html", false},
                                                  {"hello.html", false},
                                                  {"index.html", false},
                                                  {"static", true}};
    EXPECT_EQ(entries, expected);

    ASSERT_EQ(vfs::opendir("/rom/static", dir), 0);
    char tiny[3];
    EXPECT_EQ(dir->next(tiny, sizeof tiny, is_dir), -ENAMETOOLONG);
    EXPECT_EQ(vfs::opendir("/rom/missing", dir), -ENOENT);
    EXPECT_EQ(vfs::opendir("/rom/hello.html", dir), -ENOTDIR);
}

TEST_F(Rom, WritesFailWithErofs) {
    EXPECT_EQ(vfs::open("/rom/hello.html", O_WRONLY, 0), -EROFS);
    EXPECT_EQ(vfs::open("/rom/hello.html", O_RDWR, 0), -EROFS);
    EXPECT_EQ(vfs::open("/rom/hello.html", O_RDONLY | O_TRUNC, 0), -EROFS);
    EXPECT_EQ(vfs::open("/rom/hello.html", O_RDONLY | O_APPEND, 0), -EROFS);
    EXPECT_EQ(vfs::open("/rom/new.html", O_WRONLY | O_CREAT, 0644), -EROFS);
    EXPECT_EQ(vfs::mkdir("/rom/d", 0755), -EROFS);
    EXPECT_EQ(vfs::unlink("/rom/hello.html"), -EROFS);
    EXPECT_EQ(vfs::open_count(), 0);
}

TEST_F(Rom, BadPathsGiveEnoentOrEnotdir) {
    EXPECT_EQ(vfs::open("/rom/nope.html", O_RDONLY, 0), -ENOENT);
    EXPECT_EQ(vfs::open("/rom/nodir/x", O_WRONLY, 0), -ENOENT);  // missing beats read-only
    EXPECT_EQ(vfs::open("/rom/hello.html/x", O_RDONLY, 0), -ENOTDIR);
    EXPECT_EQ(vfs::open("/romx/hello.html", O_RDONLY, 0), -ENOENT);
}

TEST_F(Rom, DirectoryOpensButDoesNotRead) {
    const int fd = vfs::open("/rom/static", O_RDONLY, 0);
    ASSERT_GE(fd, 0);
    char buf[4];
    EXPECT_EQ(vfs::read(fd, buf, sizeof buf), -EISDIR);
    EXPECT_EQ(vfs::pread(fd, buf, sizeof buf, 0), -EISDIR);
    struct stat st {};
    EXPECT_EQ(vfs::fstat(fd, st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(vfs::close(fd), 0);
}

}  // namespace
