// port/fsdir's iterators on Linux (see CMakeLists.txt for how they replace the host library's):
// what the MCU cannot show yet, a writable tree with symbolic links and permissions, and
// remove_all, copy and is_empty from the library's own fs_ops.o running on them.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <system_error>

namespace fs = std::filesystem;

namespace {

class FsDir : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "fsdir-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        root_ = tmpl;
        // root/a.txt (3 bytes), root/d/b.txt, root/d/e/c.txt, root/empty/
        file("a.txt", "abc");
        fs::create_directories(root_ / "d" / "e");
        file("d/b.txt", "b");
        file("d/e/c.txt", "c");
        fs::create_directory(root_ / "empty");
    }
    void TearDown() override {
        // Permissions first: a test may have locked a directory.
        std::error_code ec;
        for (const char* d : {"d", "d/e", "locked"}) {
            fs::permissions(root_ / d, fs::perms::owner_all, ec);
        }
        fs::remove_all(root_, ec);
    }

    void file(const std::string& rel, const std::string& text) {
        std::ofstream(root_ / rel) << text;
    }

    // "depth:relative[/]" of every entry below root_, recursively.
    std::set<std::string> walk(fs::directory_options options = fs::directory_options::none) {
        std::set<std::string> seen;
        for (fs::recursive_directory_iterator it(root_, options), end; it != end; ++it) {
            seen.insert(std::to_string(it.depth()) + ":" +
                        it->path().lexically_relative(root_).string() +
                        (it->is_directory() ? "/" : ""));
        }
        return seen;
    }

    fs::path root_;
};

const std::set<std::string> kTree = {"0:a.txt",   "0:d/",   "0:empty/",
                                     "1:d/b.txt", "1:d/e/", "2:d/e/c.txt"};

// Runs `check` where permissions deny: directly, or (as root, who bypasses them) in a child that
// has become `nobody` and owns the tree. True if every check held (failures go to stderr).
bool unprivileged(const fs::path& tree, const std::function<bool()>& check) {
    if (::geteuid() != 0) {
        return check();
    }
    constexpr uid_t kNobody = 65534;
    for (const auto& e : fs::recursive_directory_iterator(tree)) {
        if (::lchown(e.path().c_str(), kNobody, kNobody) != 0) {
            return false;
        }
    }
    if (::chown(tree.c_str(), kNobody, kNobody) != 0) {
        return false;
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        const bool dropped = ::setgid(kNobody) == 0 && ::setuid(kNobody) == 0;
        std::_Exit(dropped && check() ? 0 : 1);
    }
    int status = 0;
    return pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

// Prints what failed (in a child, gtest's EXPECTs would not reach the parent).
bool holds(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "failed: %s\n", what);
    }
    return ok;
}

TEST_F(FsDir, DirectoryIteratorListsEntriesWithTypes) {
    std::set<std::string> names;
    for (const fs::directory_entry& e : fs::directory_iterator(root_)) {
        names.insert(e.path().filename().string() + (e.is_directory() ? "/" : ""));
        EXPECT_EQ(e.path().parent_path(), root_);
    }
    EXPECT_EQ(names, (std::set<std::string>{"a.txt", "d/", "empty/"}));
    EXPECT_EQ(fs::directory_iterator(root_ / "empty"), fs::directory_iterator());
}

TEST_F(FsDir, RecursiveWalkDepthPopAndDisable) {
    EXPECT_EQ(walk(), kTree);

    std::set<std::string> top;
    for (fs::recursive_directory_iterator it(root_), end; it != end; ++it) {
        it.disable_recursion_pending();
        top.insert(it->path().filename().string());
    }
    EXPECT_EQ(top, (std::set<std::string>{"a.txt", "d", "empty"}));

    // Pop out of d/e at its first entry: the walk continues in d, then the top.
    std::set<std::string> after;
    fs::recursive_directory_iterator it(root_);
    while (it->path() != root_ / "d" / "e" / "c.txt") {
        ++it;
    }
    EXPECT_EQ(it.depth(), 2);
    it.pop();
    for (fs::recursive_directory_iterator end; it != end; ++it) {
        after.insert(it->path().lexically_relative(root_).string());
        EXPECT_LT(it.depth(), 2);
    }
    EXPECT_EQ(after.count("d/e/c.txt"), 0u);
}

TEST_F(FsDir, ErrorsThroughErrorCodeAndExceptions) {
    std::error_code ec;
    fs::directory_iterator missing(root_ / "nope", ec);
    EXPECT_EQ(ec, std::errc::no_such_file_or_directory);
    fs::recursive_directory_iterator file(root_ / "a.txt", ec);
    EXPECT_EQ(ec, std::errc::not_a_directory);
    try {
        fs::recursive_directory_iterator it(root_ / "nope");
        ADD_FAILURE() << "no exception";
    } catch (const fs::filesystem_error& e) {
        EXPECT_EQ(e.code(), std::errc::no_such_file_or_directory);
        EXPECT_EQ(e.path1(), root_ / "nope");
    }
}

TEST_F(FsDir, SymlinksFollowedOnlyWhenAsked) {
    fs::create_directory_symlink(root_ / "d" / "e", root_ / "link");
    fs::create_symlink(root_ / "gone", root_ / "dangling");
    std::set<std::string> plain = kTree;
    plain.insert({"0:link/", "0:dangling"});  // listed, not entered
    EXPECT_EQ(walk(), plain);
    std::set<std::string> followed = plain;
    followed.insert("1:link/c.txt");
    EXPECT_EQ(walk(fs::directory_options::follow_directory_symlink), followed);
}

TEST_F(FsDir, PermissionDeniedReportedOrSkipped) {
    fs::permissions(root_ / "d" / "e", fs::perms::none);
    EXPECT_TRUE(unprivileged(root_, [this] {
        std::error_code ec;
        fs::recursive_directory_iterator it(root_, fs::directory_options::none, ec);
        for (fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
        }
        bool ok = holds(ec == std::errc::permission_denied, "walk into d/e: EACCES");
        ok &= holds(it == fs::recursive_directory_iterator(), "an error ends the iteration");
        std::set<std::string> skipped = kTree;
        skipped.erase("2:d/e/c.txt");
        ok &= holds(walk(fs::directory_options::skip_permission_denied) == skipped,
                    "skip_permission_denied: d/e listed, not entered");
        fs::directory_iterator denied(root_ / "d" / "e",
                                      fs::directory_options::skip_permission_denied, ec);
        ok &= holds(!ec && denied == fs::directory_iterator(), "skipped: an empty directory");
        fs::directory_iterator refused(root_ / "d" / "e", ec);
        ok &= holds(ec == std::errc::permission_denied, "directory_iterator: EACCES");
        return ok;
    }));
}

TEST_F(FsDir, RemoveAllCountsEveryFileAndDirectory) {
    EXPECT_FALSE(fs::is_empty(root_ / "d"));
    EXPECT_TRUE(fs::is_empty(root_ / "empty"));
    std::error_code ec;
    // d, d/b.txt, d/e, d/e/c.txt
    EXPECT_EQ(fs::remove_all(root_ / "d", ec), 4u);
    EXPECT_FALSE(ec);
    EXPECT_FALSE(fs::exists(root_ / "d"));
    EXPECT_EQ(fs::remove_all(root_ / "d", ec), 0u);  // already gone: nothing, no error
    EXPECT_FALSE(ec);
    EXPECT_EQ(fs::remove_all(root_ / "a.txt"), 1u);
    EXPECT_EQ(fs::remove_all(root_), 2u);  // root and empty/
    EXPECT_FALSE(fs::exists(root_));
}

TEST_F(FsDir, RemoveAllRemovesLinksNotWhatTheyPointTo) {
    const fs::path outside = root_.string() + "-outside";
    fs::create_directory(outside);
    std::ofstream(outside / "keep.txt") << "keep";
    fs::create_directory_symlink(outside, root_ / "d" / "to-outside");
    fs::create_directory_symlink(outside, root_ / "top-link");
    EXPECT_EQ(fs::remove_all(root_ / "top-link"), 1u);  // the link only (private bit 64)
    EXPECT_EQ(fs::remove_all(root_ / "d"), 5u);
    EXPECT_TRUE(fs::exists(outside / "keep.txt"));
    fs::remove_all(outside);
}

TEST_F(FsDir, RemoveAllReportsWhatCannotGo) {
    fs::permissions(root_ / "d" / "e", fs::perms::owner_read | fs::perms::owner_exec);
    EXPECT_TRUE(unprivileged(root_, [this] {
        std::error_code ec;
        bool ok = holds(fs::remove_all(root_ / "d", ec) == static_cast<std::uintmax_t>(-1),
                        "remove_all: -1");
        ok &= holds(ec == std::errc::permission_denied, "remove_all: EACCES");
        try {
            fs::remove_all(root_ / "d");
            ok &= holds(false, "remove_all(path) throws");
        } catch (const fs::filesystem_error& e) {
            ok &= holds(e.code() == std::errc::permission_denied, "thrown: EACCES");
            ok &= holds(e.path1() == root_ / "d" / "e" / "c.txt", "thrown: names d/e/c.txt");
        }
        return ok;
    }));
}

TEST_F(FsDir, RecursiveCopyWalksTheTree) {
    const fs::path copy = root_ / "copy";
    fs::copy(root_ / "d", copy, fs::copy_options::recursive);
    EXPECT_TRUE(fs::exists(copy / "e" / "c.txt"));
    EXPECT_EQ(fs::file_size(copy / "b.txt"), 1u);
}

}  // namespace
