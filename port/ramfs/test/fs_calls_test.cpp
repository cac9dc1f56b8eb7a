// The POSIX file-system calls (port/libc/fs_calls.cpp) and what is built on them: the working
// directory, errno on /rom (EROFS) and on bad paths, per-thread errno, and std::filesystem /
// std::fstream from the prebuilt libstdc++ on /tmp (a RAM file system) and /rom, unique
// temporary names (port/libc/temp_names.cpp).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <thread>

#include "../../libstdcxx/test/check.hpp"
#include "mcustd/ram_fs.hpp"
#include "mcustd/rom_mount.hpp"

namespace fs = std::filesystem;

namespace {

template <typename R>
int err(R rc) {
    return rc == static_cast<R>(-1) ? errno : 0;
}

std::string slurp(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void working_directory() {
    char buf[64];
    CHECK(getcwd(buf, sizeof buf) != nullptr && std::strcmp(buf, "/") == 0);
    CHECK(chdir("tmp") == 0);
    CHECK(getcwd(buf, sizeof buf) != nullptr && std::strcmp(buf, "/tmp") == 0);
    CHECK(mkdir("w", 0755) == 0);
    CHECK(chdir("w/../w/.") == 0);
    char* dup = getcwd(nullptr, 0);
    CHECK(dup != nullptr && std::strcmp(dup, "/tmp/w") == 0);
    std::free(dup);
    CHECK(getcwd(buf, 4) == nullptr && errno == ERANGE);
    const int fd = open("rel.txt", O_WRONLY | O_CREAT, 0644);
    CHECK(fd >= 0 && close(fd) == 0);
    struct stat st {};
    CHECK(stat("/tmp/w/rel.txt", &st) == 0);
    CHECK(err(chdir("rel.txt")) == ENOTDIR);
    CHECK(err(chdir("/nowhere")) == ENOENT);
    CHECK(chdir("/") == 0);
    CHECK(unlink("tmp/w/rel.txt") == 0 && rmdir("/tmp/w") == 0);
}

void errno_on_rom_and_bad_paths() {
    CHECK(err(mkdir("/rom/d", 0755)) == EROFS);
    CHECK(err(rmdir("/rom/static")) == EROFS);
    CHECK(err(rename("/rom/hello.html", "/rom/x")) == EROFS);
    CHECK(err(rename("/rom/hello.html", "/tmp/x")) == EXDEV);
    CHECK(err(unlink("/rom/hello.html")) == EROFS);
    CHECK(err(link("/rom/hello.html", "/rom/h2")) == EROFS);
    CHECK(err(symlink("hello.html", "/rom/s")) == EROFS);
    CHECK(err(truncate("/rom/hello.html", 0)) == EROFS);
    CHECK(err(chmod("/rom/hello.html", 0600)) == EROFS);
    CHECK(err(fchmodat(AT_FDCWD, "/rom/hello.html", 0600, 0)) == EROFS);
    CHECK(err(access("/rom/hello.html", W_OK)) == EROFS);
    CHECK(err(open("/rom/hello.html", O_WRONLY)) == EROFS);
    CHECK(err(remove("/rom/hello.html")) == EROFS);
    char buf[16];
    CHECK(err(readlink("/rom/hello.html", buf, sizeof buf)) == EINVAL);

    CHECK(err(mkdir("/tmp", 0755)) == EEXIST);
    CHECK(err(mkdir("/tmp/a/b", 0755)) == ENOENT);
    CHECK(err(open("/rom/hello.html/x", O_RDONLY)) == ENOTDIR);
    CHECK(err(mkdir("/nowhere/x", 0755)) == ENOENT);
    CHECK(err(access("/tmp/none", F_OK)) == ENOENT);
    const std::string long_path = "/tmp/" + std::string(300, 'x');
    CHECK(err(mkdir(long_path.c_str(), 0755)) == ENAMETOOLONG);
    CHECK(err(open("", O_RDONLY)) == ENOENT);
    CHECK(pathconf("/tmp", _PC_PATH_MAX) == 256);
    CHECK(pathconf(".", _PC_NAME_MAX) == 255);
    CHECK(err(pathconf("/none", _PC_PATH_MAX)) == ENOENT);
}

void errno_is_per_thread() {
    errno = 0;
    int seen = 0;
    std::thread t([&] {
        CHECK(mkdir("/rom/x", 0755) == -1);
        seen = errno;
    });
    t.join();
    CHECK(seen == EROFS);
    CHECK(errno == 0);  // the other thread's failure did not touch this thread's errno
}

void filesystem_and_streams() {
    std::error_code ec;
    CHECK(fs::current_path() == "/");
    CHECK(fs::temp_directory_path() == "/tmp");
    CHECK(fs::create_directories("/tmp/x/y/z"));
    CHECK(fs::is_directory("/tmp/x/y/z"));
    fs::current_path("/tmp/x");
    CHECK(fs::current_path() == "/tmp/x");
    {
        std::ofstream out("y/file.txt");
        out << "line one\n" << 42 << '\n';
        CHECK(out.tellp() == 12);  // the position, not fseek's 0 (picolibc's stdio_pure filebuf)
    }
    CHECK(slurp("/tmp/x/y/file.txt") == "line one\n42\n");
    {
        std::ifstream in("y/file.txt");
        char c = 0;
        CHECK(in.seekg(5) && in.get(c) && c == 'o' && in.tellg() == 6);
        CHECK(in.seekg(-3, std::ios::end) && in.get(c) && c == '4');
    }
    CHECK(fs::file_size("y/file.txt") == 12);
    {
        std::ofstream out("y/file.txt", std::ios::app);
        out << "more";
    }
    CHECK(fs::file_size("y/file.txt") == 16);
    fs::rename("y/file.txt", "moved.txt");
    CHECK(!fs::exists("y/file.txt") && fs::exists("moved.txt"));
    fs::resize_file("moved.txt", 4);
    CHECK(slurp("/tmp/x/moved.txt") == "line");

    CHECK(fs::copy_file("/rom/hello.html", "/tmp/x/hello.html"));
    CHECK(slurp("/tmp/x/hello.html") == slurp("/rom/hello.html"));
    CHECK(!slurp("/rom/hello.html").empty());
    CHECK(!fs::copy_file("/rom/hello.html", "/tmp/x/hello.html", ec) &&
          ec == std::errc::file_exists);

    fs::create_hard_link("moved.txt", "hard.txt");
    CHECK(fs::hard_link_count("moved.txt") == 2);
    CHECK(fs::equivalent("moved.txt", "hard.txt"));
    fs::create_symlink("hello.html", "sym");
    CHECK(fs::file_size("sym") == fs::file_size("hello.html"));  // followed

    fs::permissions("moved.txt", fs::perms::owner_read);
    CHECK((fs::status("moved.txt").permissions() & fs::perms::all) == fs::perms::owner_read);
    fs::permissions("moved.txt", fs::perms::owner_write, fs::perm_options::add);
    CHECK((fs::status("moved.txt").permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write));

    const auto age = fs::file_time_type::clock::now() - fs::last_write_time("moved.txt");
    CHECK(age >= fs::file_time_type::duration::zero() && age < std::chrono::seconds(5));

    // The prebuilt fs_ops member has no utimensat and no lstat inside it: port/fsdir/ops
    // replaces the setter of last_write_time and the three operations that must not follow.
    const auto set =
        fs::last_write_time("moved.txt") - std::chrono::hours(48) - std::chrono::milliseconds(123);
    fs::last_write_time("moved.txt", set, ec);
    CHECK(!ec && fs::last_write_time("moved.txt") == set);
    fs::last_write_time("moved.txt", fs::file_time_type{}, ec);  // file_clock's epoch (2174)
    CHECK(!ec && fs::last_write_time("moved.txt") == fs::file_time_type{});
    fs::last_write_time("/rom/hello.html", set, ec);
    CHECK(ec == std::errc::read_only_file_system);
    CHECK(fs::read_symlink("sym", ec) == "hello.html" && !ec);
    CHECK(fs::is_symlink(fs::symlink_status("sym")) && fs::is_regular_file("sym"));
    CHECK(fs::read_symlink("hello.html", ec).empty() && ec == std::errc::invalid_argument);
    fs::copy("sym", "sym2", fs::copy_options::copy_symlinks);
    CHECK(fs::is_symlink(fs::symlink_status("sym2")) && fs::read_symlink("sym2") == "hello.html");
    CHECK(fs::remove("sym2") && fs::exists("hello.html"));
    struct stat st {};
    CHECK(lstat("sym", &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(!fs::create_directory("/rom/new", ec) && ec == std::errc::read_only_file_system);
    CHECK(!fs::remove("/rom/hello.html", ec) && ec == std::errc::read_only_file_system);
    CHECK(fs::status("/rom/none", ec).type() == fs::file_type::not_found);
    CHECK(!fs::create_directories("/tmp/x/moved.txt/sub", ec) && ec);

    for (const char* p : {"sym", "hard.txt", "moved.txt", "hello.html", "y/z", "y"}) {
        CHECK(fs::remove(p));
    }
    fs::current_path("/");
    CHECK(fs::remove("/tmp/x"));
    CHECK(!fs::exists("/tmp/x"));
}

// What port/fsdir/ops mends in the prebuilt fs_ops member beyond links and times: space() over
// statvfs(), and copy() of a directory (one level without options, all with recursive).
void space_and_directory_copy() {
    const fs::space_info tmp = fs::space("/tmp");
    CHECK(tmp.capacity == mcustd::ramfs::kTmpCapacity && tmp.free < tmp.capacity &&
          tmp.available == tmp.free);
    { std::ofstream("/tmp/big") << std::string(1000, 'x'); }
    CHECK(fs::space("/tmp").free <= tmp.free - 1000);
    CHECK(fs::remove("/tmp/big") && fs::space("/tmp").free == tmp.free);
    struct statvfs sv {};
    CHECK(statvfs("/rom", &sv) == 0 && (sv.f_flag & ST_RDONLY) != 0 && sv.f_blocks > 0 &&
          sv.f_bfree == 0 && sv.f_frsize == 1);
    CHECK(statvfs("/", &sv) == 0 && (sv.f_flag & ST_RDONLY) != 0);
    CHECK(err(statvfs("/nowhere", &sv)) == ENOENT);
    std::error_code ec;
    CHECK(fs::space("/tmp/none/.", ec).capacity == static_cast<std::uintmax_t>(-1) && ec);

    CHECK(fs::create_directories("/tmp/tree/sub"));
    { std::ofstream("/tmp/tree/f") << "x"; }
    fs::copy("/tmp/tree", "/tmp/one");
    CHECK(fs::is_regular_file("/tmp/one/f") && !fs::exists("/tmp/one/sub"));
    fs::copy("/tmp/tree", "/tmp/all", fs::copy_options::recursive);
    CHECK(fs::is_directory("/tmp/all/sub") && fs::file_size("/tmp/all/f") == 1);
    CHECK(fs::remove_all("/tmp/tree") == 3 && fs::remove_all("/tmp/one") == 2 &&
          fs::remove_all("/tmp/all") == 3);
}

// A temporary name is never handed out twice in a run, even once its file is gone (a C library's
// own mkstemp may derive it from the one process id, as newlib's does: the same name every time).
void temporary_names() {
    char first[] = "/tmp/t.XXXXXX";
    int fd = mkstemp(first);
    CHECK(fd >= 0 && close(fd) == 0);
    struct stat st {};
    CHECK(stat(first, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0600);
    CHECK(unlink(first) == 0);
    char second[] = "/tmp/t.XXXXXX";
    fd = mkstemp(second);
    CHECK(fd >= 0 && close(fd) == 0 && unlink(second) == 0);
    CHECK(std::strcmp(first, second) != 0);
    char with_suffix[] = "/tmp/s.XXXXXX.log";
    fd = mkstemps(with_suffix, 4);
    CHECK(fd >= 0 && close(fd) == 0 && unlink(with_suffix) == 0);
    CHECK(std::strncmp(with_suffix, "/tmp/s.", 7) == 0 &&
          std::strcmp(with_suffix + 13, ".log") == 0 && std::strchr(with_suffix, 'X') == nullptr);
    char dir[] = "/tmp/d.XXXXXX";
    CHECK(mkdtemp(dir) == dir);
    CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700);
    CHECK(rmdir(dir) == 0);
    char too_few[] = "/tmp/t.XXXXX";
    CHECK(err(mkstemp(too_few)) == EINVAL);
    char on_rom[] = "/rom/t.XXXXXX";
    CHECK(err(mkstemp(on_rom)) == EROFS);
}

}  // namespace

int main() {
    CHECK(mcustd::rom::mount() == 0);
    // mcustd_image_tmp() (CMakeLists.txt) mounted /tmp before main() and left the working
    // directory at "/" (working_directory checks).
    CHECK(mcustd::ramfs::mount_tmp() == -EBUSY);
    mcustd::test::run("working_directory", working_directory);
    mcustd::test::run("errno_on_rom_and_bad_paths", errno_on_rom_and_bad_paths);
    mcustd::test::run("errno_is_per_thread", errno_is_per_thread);
    mcustd::test::run("filesystem_and_streams", filesystem_and_streams);
    mcustd::test::run("space_and_directory_copy", space_and_directory_copy);
    mcustd::test::run("temporary_names", temporary_names);
    return mcustd::test::finish("port_fs_calls");
}
