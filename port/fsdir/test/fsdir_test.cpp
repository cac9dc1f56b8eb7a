// std::filesystem directory iteration on the MCU, over /rom (site/ packed by genromfs), through
// the port's replacement for the prebuilt fs_dir.o stub. The names expected are site/'s, globbed
// by CMake (SITE_ENTRIES, SITE_STATIC_ENTRIES: "a,b/,": directories end in '/'). Built twice:
// as the image is (-Os) and at -O0, where the header's extern __shared_ptr<_Dir> members are
// called out of line (fsdir_test_O0).
#include <malloc.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "check.hpp"
#include "mcustd/rom_mount.hpp"

namespace fs = std::filesystem;

#ifndef FSDIR_TEST_NAME
#define FSDIR_TEST_NAME "fsdir_test"
#endif

namespace {

std::size_t heap_in_use() {
    return static_cast<std::size_t>(mallinfo().uordblks);
}

// "a,b/,c," as a set.
std::set<std::string> split(std::string_view list) {
    std::set<std::string> out;
    for (std::size_t at; (at = list.find(',')) != std::string_view::npos;) {
        out.emplace(list.substr(0, at));
        list.remove_prefix(at + 1);
    }
    return out;
}

// An entry's file name, with '/' after a directory.
std::string name_of(const fs::directory_entry& e) {
    return e.path().filename().string() + (e.is_directory() ? "/" : "");
}

std::set<std::string> list(const fs::path& dir) {
    std::set<std::string> names;
    for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
        names.insert(name_of(e));
    }
    return names;
}

// "depth:path below /rom" of every entry, recursively.
std::set<std::string> walk(fs::directory_options options = fs::directory_options::none) {
    std::set<std::string> seen;
    for (auto it = fs::recursive_directory_iterator("/rom", options); it != fs::end(it); ++it) {
        seen.insert(std::to_string(it.depth()) + ":" +
                    it->path().lexically_relative("/rom").string() +
                    (it->is_directory() ? "/" : ""));
    }
    return seen;
}

// What walk() must find: site/ at depth 0, site/static/ at depth 1.
std::set<std::string> expected_walk() {
    std::set<std::string> out;
    for (const std::string& n : split(SITE_ENTRIES)) {
        out.insert("0:" + n);
    }
    for (const std::string& n : split(SITE_STATIC_ENTRIES)) {
        out.insert("1:static/" + n);
    }
    return out;
}

// The error_code of a throwing call's filesystem_error (and its first path), or {} if it did
// not throw.
template <typename F>
std::pair<std::error_code, fs::path> thrown_by(F&& f) {
    try {
        f();
    } catch (const fs::filesystem_error& e) {
        return {e.code(), e.path1()};
    }
    return {};
}

void directory_iterator_lists_site() {
    CHECK(list("/rom") == split(SITE_ENTRIES));
    CHECK(list("/rom/") == split(SITE_ENTRIES));
    CHECK(list("/rom/static") == split(SITE_STATIC_ENTRIES));

    fs::directory_iterator it("/rom/static");
    CHECK(it != fs::directory_iterator());
    CHECK(it->path().parent_path() == "/rom/static");
    CHECK(it->is_regular_file());  // d_type cached: no stat needed
    const std::uintmax_t size = it->file_size();
    CHECK(size == 1024 || size == 65536);
    // Post-increment returns the old entry; copies compare equal, the end compares unequal.
    const fs::path first = it->path();
    const fs::directory_iterator copy = it;
    CHECK(copy == it);
    CHECK((*it++).path() == first);
    CHECK(it != fs::directory_iterator() && it->path() != first);
    CHECK(it == copy);  // an input iterator: copies share the position
    ++it;
    CHECK(it == fs::directory_iterator() && it == std::default_sentinel);
    std::error_code ec;
    it.increment(ec);
    CHECK(ec == std::errc::invalid_argument);
}

void directory_iterator_errors() {
    std::error_code ec;
    fs::directory_iterator missing("/rom/nope", ec);
    CHECK(ec == std::errc::no_such_file_or_directory && missing == fs::directory_iterator());
    fs::directory_iterator file("/rom/hello.html", ec);
    CHECK(ec == std::errc::not_a_directory && file == fs::directory_iterator());
    fs::directory_iterator nofs("/nowhere", ec);
    CHECK(ec == std::errc::no_such_file_or_directory);
    fs::directory_iterator ok("/rom", fs::directory_options::skip_permission_denied, ec);
    CHECK(!ec && ok != fs::directory_iterator());

    const auto [code, path] = thrown_by([] { fs::directory_iterator it("/rom/nope"); });
    CHECK(code == std::errc::no_such_file_or_directory && path == "/rom/nope");
    const auto [code2, path2] = thrown_by([] { ++fs::directory_iterator(); });
    CHECK(code2 == std::errc::invalid_argument);
}

void recursive_walks_site() {
    CHECK(walk() == expected_walk());
    CHECK(walk(fs::directory_options::follow_directory_symlink |
               fs::directory_options::skip_permission_denied) == expected_walk());

    fs::recursive_directory_iterator it("/rom", fs::directory_options::skip_permission_denied);
    CHECK(it.options() == fs::directory_options::skip_permission_denied);
    CHECK(it.depth() == 0 && it.recursion_pending());
}

// Positioned at /rom/static, with recursion pending.
fs::recursive_directory_iterator at_static() {
    fs::recursive_directory_iterator it("/rom");
    while (it != fs::recursive_directory_iterator() && it->path() != "/rom/static") {
        ++it;
    }
    return it;
}

void recursive_controls() {
    // disable_recursion_pending: static/ is listed, its entries are not.
    std::set<std::string> seen;
    for (auto it = fs::recursive_directory_iterator("/rom"); it != fs::end(it); ++it) {
        if (it->is_directory()) {
            it.disable_recursion_pending();
            CHECK(!it.recursion_pending());
        }
        seen.insert(it->path().lexically_relative("/rom").string());
    }
    CHECK(seen.size() == split(SITE_ENTRIES).size() && seen.count("static") == 1);

    // pop(): out of static/ after its first entry, on with the rest of /rom.
    fs::recursive_directory_iterator it = at_static();
    CHECK(it != fs::recursive_directory_iterator());
    ++it;
    CHECK(it.depth() == 1 && it->path().parent_path() == "/rom/static");
    std::size_t after_pop = 0;
    for (it.pop(); it != fs::recursive_directory_iterator(); ++it) {
        CHECK(it.depth() == 0 && it->path() != "/rom/static");
        ++after_pop;
    }
    CHECK(after_pop < split(SITE_ENTRIES).size());  // static/ was passed, never listed twice
    // pop() at depth 0 ends the iteration; on the end iterator it is an error.
    fs::recursive_directory_iterator top("/rom");
    top.pop();
    CHECK(top == fs::recursive_directory_iterator());
    std::error_code ec;
    top.pop(ec);
    CHECK(ec == std::errc::invalid_argument);
    CHECK(thrown_by([&] { top.pop(); }).first == std::errc::invalid_argument);
    top.increment(ec);
    CHECK(ec == std::errc::invalid_argument);
    // A successful increment(ec) clears an error passed in, with recursion disabled too.
    fs::recursive_directory_iterator fresh("/rom");
    fresh.disable_recursion_pending();
    fresh.increment(ec);
    CHECK(!ec && fresh != fs::recursive_directory_iterator());

    // Copy and move assignment.
    fs::recursive_directory_iterator a = at_static();
    fs::recursive_directory_iterator b;
    b = a;
    CHECK(b == a && b->path() == "/rom/static");
    fs::recursive_directory_iterator c;
    c = std::move(a);
    // A moved-from iterator is the end iterator (checked on purpose).
    // cppcheck-suppress accessMoved
    CHECK(c == b && a == fs::recursive_directory_iterator());  // NOLINT(bugprone-use-after-move)
    ++c;
    CHECK(c.depth() == 1 && c == b);  // b shares c's position
}

void recursive_errors() {
    std::error_code ec;
    fs::recursive_directory_iterator missing("/rom/nope", ec);
    CHECK(ec == std::errc::no_such_file_or_directory &&
          missing == fs::recursive_directory_iterator());
    fs::recursive_directory_iterator file("/rom/hello.html", fs::directory_options::none, ec);
    CHECK(ec == std::errc::not_a_directory);
    const auto [code, path] = thrown_by([] { fs::recursive_directory_iterator it("/rom/nope"); });
    CHECK(code == std::errc::no_such_file_or_directory && path == "/rom/nope");
}

// The prebuilt fs_ops.o drives the iterators (is_empty, remove_all): through the port's.
void operations_use_the_iterators() {
    std::error_code ec;
    CHECK(!fs::is_empty("/rom/static", ec) && !ec);  // the stub would say empty
    CHECK(!fs::is_empty("/rom"));
    // remove_all on a read-only tree: the first file refuses, nothing is half-done or leaked.
    CHECK(fs::remove_all("/rom/static", ec) == static_cast<std::uintmax_t>(-1));
    CHECK(ec == std::errc::read_only_file_system);
    const auto [code, path] = thrown_by([] { fs::remove_all("/rom/static"); });
    CHECK(code == std::errc::read_only_file_system);
    CHECK(path.parent_path() == "/rom/static");  // names the file that could not go
    CHECK(fs::remove_all("/rom/nope", ec) == 0 && !ec);
    CHECK(list("/rom/static") == split(SITE_STATIC_ENTRIES));
}

struct Case {
    const char* name;
    void (*run)();
};
constexpr Case kCases[] = {
    {"directory_iterator_lists_site", directory_iterator_lists_site},
    {"directory_iterator_errors", directory_iterator_errors},
    {"recursive_walks_site", recursive_walks_site},
    {"recursive_controls", recursive_controls},
    {"recursive_errors", recursive_errors},
    {"operations_use_the_iterators", operations_use_the_iterators},
};

}  // namespace

int main() {
    CHECK(mcustd::rom::mount() == 0);
    // Each case once to create whatever the library allocates lazily; then every case must give
    // back all the heap it took (iterators, entries, exceptions).
    for (const Case& c : kCases) {
        c.run();
    }
    std::printf("warmed up\n");  // stdout's buffer too is allocated on first use
    for (const Case& c : kCases) {
        const std::size_t before = heap_in_use();
        mcustd::test::run(c.name, c.run);
        const std::size_t after = heap_in_use();
        std::printf("heap in use: %u before, %u after\n", static_cast<unsigned>(before),
                    static_cast<unsigned>(after));
        CHECK(after == before);
    }
    return mcustd::test::finish(FSDIR_TEST_NAME);
}
