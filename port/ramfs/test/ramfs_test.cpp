// The RAM file system at /tmp on the MCU, through the plain POSIX calls (as libstdc++ and C code
// reach it): files, directories, rename, links, symlinks, truncation, permissions, times, the
// byte bound (ENOSPC, never a fault), and that every byte comes back when the files go.
#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "../../libstdcxx/test/check.hpp"
#include "mcustd/ram_fs.hpp"
#include "mcustd/rom_mount.hpp"
#include "mcustd/vfs.hpp"

namespace {

constexpr std::size_t kCapacity = std::size_t{8} * 1024;
mcustd::ramfs::RamFs tmp(kCapacity);

// errno of a call that must fail (-1), or 0 if it did not.
template <typename R>
int err(R rc) {
    return rc == static_cast<R>(-1) ? errno : 0;
}

std::string read_all(const char* path) {
    std::string out;
    const int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return "<open failed>";
    }
    char buf[64];
    for (long n; (n = read(fd, buf, sizeof buf)) > 0;) {
        out.append(buf, static_cast<std::size_t>(n));
    }
    close(fd);
    return out;
}

bool write_file(const char* path, const char* text, int flags = O_WRONLY | O_CREAT | O_TRUNC) {
    const int fd = open(path, flags, 0644);
    if (fd < 0) {
        return false;
    }
    const auto n = static_cast<long>(std::strlen(text));
    const bool ok = write(fd, text, static_cast<std::size_t>(n)) == n;
    return close(fd) == 0 && ok;
}

std::vector<std::string> list(const char* path) {
    std::vector<std::string> names;
    if (DIR* d = opendir(path)) {
        while (const dirent* e = readdir(d)) {
            names.emplace_back(e->d_name);
        }
        closedir(d);
    }
    return names;
}

void files() {
    CHECK(write_file("/tmp/a.txt", "hello"));
    CHECK(read_all("/tmp/a.txt") == "hello");
    CHECK(write_file("/tmp/a.txt", " world", O_WRONLY | O_APPEND));
    CHECK(read_all("/tmp/a.txt") == "hello world");
    CHECK(err(open("/tmp/a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644)) == EEXIST);
    CHECK(err(open("/tmp/none", O_RDONLY)) == ENOENT);
    CHECK(err(open("/tmp/nodir/x", O_WRONLY | O_CREAT, 0644)) == ENOENT);
    CHECK(err(open("/tmp/a.txt/x", O_RDONLY)) == ENOTDIR);
    CHECK(err(open("/tmp/a.txt/", O_RDONLY)) == ENOTDIR);

    const int fd = open("/tmp/a.txt", O_RDWR);
    CHECK(fd >= 0);
    char buf[8] = {};
    CHECK(pread(fd, buf, 5, 6) == 5 && std::memcmp(buf, "world", 5) == 0);
    CHECK(lseek(fd, 0, SEEK_CUR) == 0);  // pread left the position alone
    CHECK(lseek(fd, 20, SEEK_SET) == 20);
    CHECK(write(fd, "!", 1) == 1);  // past the end: the gap reads as zeros
    struct stat st {};
    CHECK(fstat(fd, &st) == 0 && st.st_size == 21 && S_ISREG(st.st_mode));
    CHECK(pread(fd, buf, 2, 11) == 2 && buf[0] == 0 && buf[1] == 0);
    CHECK(ftruncate(fd, 5) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 5);
    CHECK(err(lseek(fd, -1, SEEK_SET)) == EINVAL);
    CHECK(close(fd) == 0);
    CHECK(read_all("/tmp/a.txt") == "hello");
    CHECK(truncate("/tmp/a.txt", 2) == 0);
    CHECK(read_all("/tmp/a.txt") == "he");
    CHECK(err(truncate("/tmp/a.txt", -1)) == EINVAL);
    const int ro = open("/tmp/a.txt", O_RDONLY);
    CHECK(err(ftruncate(ro, 0)) == EINVAL);
    CHECK(err(write(ro, "x", 1)) == EBADF);
    close(ro);
    CHECK(write_file("/tmp/a.txt", "new"));  // O_TRUNC
    CHECK(read_all("/tmp/a.txt") == "new");
    CHECK(unlink("/tmp/a.txt") == 0);
    CHECK(err(unlink("/tmp/a.txt")) == ENOENT);
}

void directories() {
    CHECK(mkdir("/tmp/d", 0755) == 0);
    CHECK(err(mkdir("/tmp/d", 0755)) == EEXIST);
    CHECK(err(mkdir("/tmp/x/y", 0755)) == ENOENT);
    CHECK(mkdir("/tmp/d/sub", 0700) == 0);
    CHECK(write_file("/tmp/d/f2", "2"));
    CHECK(write_file("/tmp/d/f1", "1"));
    struct stat st {};
    CHECK(stat("/tmp/d", &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0755);
    CHECK(st.st_nlink == 3);  // ".", its entry, "sub/.."
    CHECK((list("/tmp/d") == std::vector<std::string>{"f1", "f2", "sub"}));
    CHECK(err(rmdir("/tmp/d")) == ENOTEMPTY);
    CHECK(err(rmdir("/tmp/d/f1")) == ENOTDIR);
    CHECK(err(unlink("/tmp/d/sub")) == EISDIR);
    CHECK(err(rmdir("/tmp/d/sub/.")) == EINVAL);
    CHECK(err(rmdir("/tmp")) == EBUSY);
    CHECK(remove("/tmp/d/sub") == 0);  // remove() takes directories too
    CHECK(remove("/tmp/d/f1") == 0);
    CHECK(err(remove("/tmp/d/f1")) == ENOENT);

    // A directory stream survives removal of the entry it just returned (remove_all does this).
    CHECK(write_file("/tmp/d/f3", "3"));
    CHECK(write_file("/tmp/d/f4", "4"));
    DIR* dir = opendir("/tmp/d");
    CHECK(dir != nullptr);
    int seen = 0;
    while (const dirent* e = readdir(dir)) {
        const std::string path = std::string("/tmp/d/") + e->d_name;
        CHECK(e->d_type == DT_REG);
        CHECK(unlink(path.c_str()) == 0);
        ++seen;
    }
    closedir(dir);
    CHECK(seen == 3);
    CHECK(rmdir("/tmp/d") == 0);
    CHECK(err(opendir("/tmp/d") == nullptr ? -1 : 0) == ENOENT);
}

void renames() {
    CHECK(mkdir("/tmp/r", 0755) == 0);
    CHECK(write_file("/tmp/r/a", "A"));
    CHECK(write_file("/tmp/r/b", "B"));
    CHECK(rename("/tmp/r/a", "/tmp/r/b") == 0);  // replaces b
    CHECK(read_all("/tmp/r/b") == "A");
    struct stat st {};
    CHECK(err(stat("/tmp/r/a", &st)) == ENOENT);
    CHECK(mkdir("/tmp/r/d1", 0755) == 0);
    CHECK(mkdir("/tmp/r/d1/inner", 0755) == 0);
    CHECK(err(rename("/tmp/r/d1", "/tmp/r/d1/inner/x")) == EINVAL);  // into its own subtree
    CHECK(err(rename("/tmp/r/b", "/tmp/r/d1")) == EISDIR);
    CHECK(err(rename("/tmp/r/d1", "/tmp/r/b")) == ENOTDIR);
    CHECK(mkdir("/tmp/r/empty", 0755) == 0);
    CHECK(err(rename("/tmp/r/empty", "/tmp/r/d1")) == ENOTEMPTY);
    CHECK(rename("/tmp/r/d1", "/tmp/r/empty") == 0);  // an empty directory is replaced
    CHECK(stat("/tmp/r/empty/inner", &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(rename("/tmp/r/empty", "/tmp/moved") == 0);  // across directories
    CHECK(stat("/tmp/moved/inner", &st) == 0);
    CHECK(stat("/tmp/r", &st) == 0 && st.st_nlink == 2);
    CHECK(err(rename("/tmp/r/b", "/rom/b")) == EXDEV);
    CHECK(err(rename("/tmp/none", "/tmp/x")) == ENOENT);
    CHECK(rmdir("/tmp/moved/inner") == 0 && rmdir("/tmp/moved") == 0);
    CHECK(unlink("/tmp/r/b") == 0 && rmdir("/tmp/r") == 0);
}

void links() {
    CHECK(write_file("/tmp/orig", "shared"));
    CHECK(link("/tmp/orig", "/tmp/hard") == 0);
    struct stat a {};
    struct stat b {};
    CHECK(stat("/tmp/orig", &a) == 0 && stat("/tmp/hard", &b) == 0);
    CHECK(a.st_ino == b.st_ino && a.st_nlink == 2);
    CHECK(err(link("/tmp/orig", "/tmp/hard")) == EEXIST);
    CHECK(mkdir("/tmp/ld", 0755) == 0);
    CHECK(err(link("/tmp/ld", "/tmp/ld2")) == EPERM);
    CHECK(err(link("/tmp/orig", "/rom/x")) == EXDEV);
    CHECK(unlink("/tmp/orig") == 0);
    CHECK(read_all("/tmp/hard") == "shared");
    CHECK(stat("/tmp/hard", &b) == 0 && b.st_nlink == 1);

    CHECK(symlink("hard", "/tmp/sym") == 0);  // relative to the link's directory
    CHECK(symlink("/tmp/ld", "/tmp/dirlink") == 0);
    CHECK(read_all("/tmp/sym") == "shared");
    char target[32] = {};
    CHECK(readlink("/tmp/sym", target, sizeof target) == 4 && std::memcmp(target, "hard", 4) == 0);
    CHECK(err(readlink("/tmp/hard", target, sizeof target)) == EINVAL);
    CHECK(err(readlink("/tmp/none", target, sizeof target)) == ENOENT);
    CHECK(lstat("/tmp/sym", &a) == 0 && S_ISLNK(a.st_mode));
    unsigned char sym_type = DT_UNKNOWN;
    if (DIR* d = opendir("/tmp")) {
        while (const dirent* e = readdir(d)) {
            if (std::strcmp(e->d_name, "sym") == 0) {
                sym_type = e->d_type;
            }
        }
        closedir(d);
    }
    CHECK(sym_type == DT_LNK);  // the entry itself, not its target
    CHECK(stat("/tmp/sym", &a) == 0 && S_ISREG(a.st_mode));
    CHECK(write_file("/tmp/dirlink/through", "t"));  // a link in the middle of a path
    CHECK(read_all("/tmp/ld/through") == "t");
    CHECK(symlink("loop2", "/tmp/loop1") == 0 && symlink("loop1", "/tmp/loop2") == 0);
    CHECK(err(open("/tmp/loop1", O_RDONLY)) == ELOOP);
    CHECK(symlink("/rom", "/tmp/romlink") == 0);  // across mounts
    CHECK(stat("/tmp/romlink/hello.html", &a) == 0 && S_ISREG(a.st_mode));
    CHECK(symlink("nowhere", "/tmp/dangling") == 0);
    CHECK(err(stat("/tmp/dangling", &a)) == ENOENT);
    CHECK(lstat("/tmp/dangling", &a) == 0);
    CHECK(err(symlink("x", "/tmp/sym")) == EEXIST);
    CHECK(unlink("/tmp/sym") == 0);  // the link, not its target
    CHECK(read_all("/tmp/hard") == "shared");
    for (const char* p : {"/tmp/hard", "/tmp/dirlink", "/tmp/ld/through", "/tmp/loop1",
                          "/tmp/loop2", "/tmp/romlink", "/tmp/dangling"}) {
        CHECK(unlink(p) == 0);
    }
    CHECK(rmdir("/tmp/ld") == 0);
}

void permissions_and_times() {
    CHECK(write_file("/tmp/p", "x"));
    struct stat st {};
    CHECK(chmod("/tmp/p", 0600) == 0);
    CHECK(stat("/tmp/p", &st) == 0 && (st.st_mode & 07777) == 0600 && S_ISREG(st.st_mode));
    const int fd = open("/tmp/p", O_RDWR);
    CHECK(fchmod(fd, 0751) == 0);
    CHECK(fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0751);
    CHECK(fchmodat(AT_FDCWD, "/tmp/p", 0640, 0) == 0);
    CHECK(stat("/tmp/p", &st) == 0 && (st.st_mode & 07777) == 0640);
    CHECK(access("/tmp/p", R_OK | W_OK) == 0);
    CHECK(err(access("/tmp/p", X_OK)) == EACCES);
    CHECK(err(access("/rom/hello.html", W_OK)) == EROFS);
    CHECK(access("/rom/hello.html", R_OK) == 0);

    // mtime follows the realtime clock, and is settable.
    timespec set{.tv_sec = 1700000000, .tv_nsec = 0};
    CHECK(clock_settime(CLOCK_REALTIME, &set) == 0);
    CHECK(write(fd, "y", 1) == 1);
    CHECK(fstat(fd, &st) == 0 && st.st_mtim.tv_sec >= 1700000000 && st.st_mtim.tv_sec < 1700000010);
    const timespec times[2] = {{.tv_sec = 0, .tv_nsec = UTIME_OMIT},
                               {.tv_sec = 1234567890, .tv_nsec = 500}};
    CHECK(utimensat(AT_FDCWD, "/tmp/p", times, 0) == 0);
    CHECK(stat("/tmp/p", &st) == 0 && st.st_mtim.tv_sec == 1234567890 && st.st_mtim.tv_nsec == 500);
    const timespec bad[2] = {{.tv_sec = 0, .tv_nsec = UTIME_OMIT},
                             {.tv_sec = 0, .tv_nsec = 1000000000L}};
    CHECK(err(futimens(fd, bad)) == EINVAL);
    const utimbuf ub{1000, 2000};
    CHECK(utime("/tmp/p", &ub) == 0);
    CHECK(stat("/tmp/p", &st) == 0 && st.st_mtime == 2000 && st.st_atime == 1000);
    CHECK(futimens(fd, nullptr) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_mtime >= 1700000000);
    CHECK(close(fd) == 0);
    CHECK(unlink("/tmp/p") == 0);
}

void bounded() {
    const std::size_t baseline = tmp.used();
    std::vector<char> chunk(1000, 'z');
    const struct mallinfo heap_before = mallinfo();
    // Fill: writes return short counts, then ENOSPC; nothing faults.
    const int fd = open("/tmp/big", O_WRONLY | O_CREAT, 0644);
    CHECK(fd >= 0);
    long total = 0;
    int last_errno = 0;
    for (int i = 0; i < 20; ++i) {
        const long n = write(fd, chunk.data(), chunk.size());
        if (n < 0) {
            last_errno = errno;
            break;
        }
        total += n;
    }
    CHECK(last_errno == ENOSPC);
    CHECK(tmp.used() <= tmp.capacity());
    CHECK(total > 6000 && total < static_cast<long>(kCapacity));
    std::printf("filled %ld bytes, %lu of %lu charged\n", total,
                static_cast<unsigned long>(tmp.used()), static_cast<unsigned long>(tmp.capacity()));
    CHECK(err(mkdir("/tmp/more", 0755)) == ENOSPC);
    CHECK(err(open("/tmp/more", O_WRONLY | O_CREAT, 0644)) == ENOSPC);
    CHECK(err(symlink("x", "/tmp/more")) == ENOSPC);
    // Unlinked while open: the bytes stay charged until the close.
    CHECK(unlink("/tmp/big") == 0);
    CHECK(tmp.used() > baseline + 6000);
    CHECK(close(fd) == 0);
    CHECK(tmp.used() == baseline);
    const struct mallinfo heap_after = mallinfo();
    CHECK(heap_after.uordblks == heap_before.uordblks);
    std::printf("heap in use %d -> %d\n", heap_before.uordblks, heap_after.uordblks);
    // Many small files until the bound, then all removed: back to the baseline.
    int made = 0;
    for (; made < 200; ++made) {
        const std::string p = "/tmp/f" + std::to_string(made);
        if (!write_file(p.c_str(), "data")) {
            CHECK(errno == ENOSPC);
            break;
        }
    }
    CHECK(made > 10 && made < 200);
    for (int i = 0; i < made; ++i) {
        CHECK(unlink(("/tmp/f" + std::to_string(i)).c_str()) == 0);
    }
    (void)unlink(("/tmp/f" + std::to_string(made)).c_str());  // created before its write failed
    CHECK(tmp.used() == baseline);
}

}  // namespace

int main() {
    CHECK(mcustd::vfs::mount("/tmp", tmp) == 0);
    CHECK(mcustd::rom::mount() == 0);
    mcustd::test::run("files", files);
    mcustd::test::run("directories", directories);
    mcustd::test::run("renames", renames);
    mcustd::test::run("links", links);
    mcustd::test::run("permissions_and_times", permissions_and_times);
    mcustd::test::run("bounded", bounded);
    CHECK((list("/tmp").empty()));
    return mcustd::test::finish("ramfs_files");
}
