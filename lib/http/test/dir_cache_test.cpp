// DirSite's file cache: served bytes always equal the file's current version, whatever happens
// to it (rewrite, touch, rename-replace, growth, links), memory and open descriptors stay
// bounded, and concurrent lookups never see a torn entry. Files here are fresh, so most tests set
// cache_settle to 0 to cache them at once, and cache_revalidate to 0 (check the path on every
// request); the defaults are tested separately.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "mcustd/http/dir_site.hpp"
#include "mcustd/romfs/content_tag.hpp"
#include "mcustd/romfs/image.hpp"
#include "test_site.hpp"

namespace mcustd::http {
namespace {

struct Got {
    FileLookup::Kind kind = FileLookup::Kind::NotFound;
    Body::Kind body = Body::Kind::None;
    std::string bytes;
    std::string etag;
};

Got fetch(const DirSite& site, const std::string& path) {
    std::array<char, 4096> scratch{};
    const FileLookup f = site.lookup(path, scratch);
    return {f.kind, f.body.kind, test::read_body(f.body), std::string(f.etag())};
}

DirSiteOptions eager(std::size_t bytes = std::size_t{1} << 20, std::size_t file_max = 16384) {
    DirSiteOptions o;
    o.cache_bytes = bytes;
    o.cache_file_max = file_max;
    o.cache_settle = std::chrono::nanoseconds(0);
    o.cache_revalidate = std::chrono::nanoseconds(0);
    return o;
}

std::unique_ptr<DirSite> make_site(const test::TempDir& d, DirSiteOptions o) {
    auto site = DirSite::create(d.path().string(), o);
    EXPECT_TRUE(site) << site.error().message();
    return std::move(*site);
}

// Rewrites `file` with `content` by writing a sibling and renaming it over (atomic).
void replace(const test::TempDir& d, const std::string& file, const std::string& content) {
    d.write(file + ".new", content);
    std::filesystem::rename(d.path() / (file + ".new"), d.path() / file);
}

TEST(DirSiteCache, ServesTheFileFromMemory) {
    test::TempDir d;
    const std::string text = "<p>cached</p>\n";
    d.write("a.html", text);
    auto site = make_site(d, eager());
    DirSiteOptions off;
    off.cache_bytes = 0;
    auto uncached = make_site(d, off);
    const Got plain = fetch(*uncached, "/a.html");
    EXPECT_EQ(plain.body, Body::Kind::File);
    for (int i = 0; i < 3; ++i) {
        const Got g = fetch(*site, "/a.html");
        EXPECT_EQ(g.kind, FileLookup::Kind::File);
        EXPECT_EQ(g.body, Body::Kind::Memory);
        EXPECT_EQ(g.bytes, text);
        EXPECT_EQ(g.etag, plain.etag);  // same ETag whichever way the file goes out
    }
    const DirSiteCacheStats s = site->cache_stats();
    EXPECT_EQ(s.entries, 1u);
    EXPECT_EQ(s.misses, 1u);
    EXPECT_EQ(s.hits, 2u);
    EXPECT_EQ(uncached->cache_stats().entries, 0u);
}

TEST(DirSiteCache, RewriteWithAnotherSizeIsServedNext) {
    test::TempDir d;
    d.write("f.txt", "first version");
    auto site = make_site(d, eager());
    EXPECT_EQ(fetch(*site, "/f.txt").bytes, "first version");
    EXPECT_EQ(fetch(*site, "/f.txt").bytes, "first version");
    d.write("f.txt", "second, longer version");
    EXPECT_EQ(fetch(*site, "/f.txt").bytes, "second, longer version");
    EXPECT_EQ(fetch(*site, "/f.txt").bytes, "second, longer version");
    EXPECT_EQ(site->cache_stats().entries, 1u);
}

TEST(DirSiteCache, SameSizeRewriteWithNewMtimeIsServedNext) {
    test::TempDir d;
    d.write("f.txt", "AAAA");
    auto site = make_site(d, eager());
    const Got old = fetch(*site, "/f.txt");
    EXPECT_EQ(old.bytes, "AAAA");
    struct stat st {};
    ASSERT_EQ(::stat((d.path() / "f.txt").c_str(), &st), 0);
    d.write("f.txt", "BBBB");
    // Only the mtime tells the versions apart (the ctime may fall in the same tick).
    std::array<timespec, 2> times{};
    times[0].tv_nsec = UTIME_OMIT;
    times[1] = st.st_mtim;
    times[1].tv_sec += 7;
    ASSERT_EQ(::utimensat(AT_FDCWD, (d.path() / "f.txt").c_str(), times.data(), 0), 0);
    const Got now = fetch(*site, "/f.txt");
    EXPECT_EQ(now.bytes, "BBBB");
    EXPECT_NE(now.etag, old.etag);
    EXPECT_EQ(fetch(*site, "/f.txt").bytes, "BBBB");
}

// A same-size rewrite within the same second must not keep the ETag, or a client holding the old
// one would get 304 for bytes it never saw.
TEST(DirSiteCache, SameSizeRewriteWithinOneSecondChangesTheEtag) {
    test::TempDir d;
    d.write("f.txt", "AAAA");
    const std::string file = (d.path() / "f.txt").string();
    std::array<timespec, 2> times{};
    times[0].tv_nsec = UTIME_OMIT;
    times[1].tv_sec = 1'700'000'000;
    times[1].tv_nsec = 100'000'000;
    ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times.data(), 0), 0);
    auto site = make_site(d, eager());
    const Got old = fetch(*site, "/f.txt");
    d.write("f.txt", "BBBB");
    times[1].tv_nsec = 900'000'000;  // the same second, later
    ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times.data(), 0), 0);
    const Got now = fetch(*site, "/f.txt");
    EXPECT_EQ(now.bytes, "BBBB");
    EXPECT_NE(now.etag, old.etag);
}

// A file system without timestamps (mtime exactly 0, as the MCU's /rom reports): the tag comes
// from the bytes, so a same-size change still changes it, cached or not; and it is the tag the
// ROMFS site gives the same bytes.
void without_mtime(const std::string& file) {
    std::array<timespec, 2> times{};
    times[0].tv_nsec = UTIME_OMIT;
    ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times.data(), 0), 0);
}

TEST(DirSiteCache, NoMtimeSameSizeChangeChangesTheEtag) {
    for (const bool cached : {false, true}) {
        SCOPED_TRACE(cached ? "cached" : "uncached");
        test::TempDir d;
        d.write("f.txt", "AAAA");
        const std::string file = (d.path() / "f.txt").string();
        without_mtime(file);
        auto site = make_site(d, eager(cached ? std::size_t{1} << 20 : 0));
        const Got old = fetch(*site, "/f.txt");
        d.write("f.txt", "BBBB");
        without_mtime(file);
        const Got now = fetch(*site, "/f.txt");
        EXPECT_EQ(now.bytes, "BBBB");
        EXPECT_NE(now.etag, old.etag);
        // FNV-1a 64 of "BBBB" then its size, as base/romfs tags it.
        romfs::ContentTag tag;
        tag.update(std::as_bytes(std::span<const char>("BBBB", 4)));
        romfs::Node node;
        node.tag = tag.finish();
        EXPECT_EQ(now.etag, std::string(romfs::etag(node).view()));
    }
}

TEST(DirSiteCache, RenameReplaceIsServedNext) {
    test::TempDir d;
    d.write("f.txt", "old!");
    auto site = make_site(d, eager());
    EXPECT_EQ(fetch(*site, "/f.txt").bytes, "old!");
    replace(d, "f.txt", "new!");
    EXPECT_EQ(fetch(*site, "/f.txt").bytes, "new!");
    EXPECT_EQ(fetch(*site, "/f.txt").body, Body::Kind::Memory);
}

TEST(DirSiteCache, BodyOutlivesItsReplacedEntry) {
    test::TempDir d;
    d.write("f.txt", "version one");
    auto site = make_site(d, eager());
    std::array<char, 4096> scratch{};
    const FileLookup held = site->lookup("/f.txt", scratch);  // a response still being sent
    ASSERT_EQ(held.body.kind, Body::Kind::Memory);
    replace(d, "f.txt", "version two");
    EXPECT_EQ(fetch(*site, "/f.txt").bytes, "version two");  // the entry is replaced
    EXPECT_EQ(test::read_body(held.body), "version one");    // (ASan: still valid memory)
}

TEST(DirSiteCache, FileGrowingPastTheLimitGoesBackToSendfile) {
    test::TempDir d;
    d.write("f.txt", std::string(100, 's'));
    auto site = make_site(d, eager(std::size_t{1} << 20, 1000));
    EXPECT_EQ(fetch(*site, "/f.txt").body, Body::Kind::Memory);
    EXPECT_EQ(site->cache_stats().entries, 1u);
    const std::string big(5000, 'B');
    d.write("f.txt", big);
    const Got g = fetch(*site, "/f.txt");
    EXPECT_EQ(g.body, Body::Kind::File);
    EXPECT_EQ(g.bytes, big);
    // The stale small version's bytes are gone; the file is held as an open descriptor now.
    const DirSiteCacheStats s = site->cache_stats();
    EXPECT_EQ(s.entries, 1u);
    EXPECT_EQ(s.open_files, 1u);
    EXPECT_GT(s.bytes, 0u);  // its path and entry are charged, not its 5,000 bytes
    EXPECT_LT(s.bytes, big.size());
}

// Files above cache_file_max: opened once, then every request sendfiles from that descriptor
// (no open, fstat or close per request), and a change to the file is seen as for memory entries.
FileLookup look(const DirSite& site, const std::string& path) {
    std::array<char, 4096> scratch{};
    return site.lookup(path, scratch);
}

TEST(DirSiteCache, BigFilesShareOneOpenDescriptor) {
    test::TempDir d;
    const std::string big(70000, 'b');
    d.write("big.bin", big);
    auto site = make_site(d, eager(std::size_t{1} << 20, 1000));
    const FileLookup first = look(*site, "/big.bin");
    ASSERT_EQ(first.body.kind, Body::Kind::File);
    EXPECT_FALSE(first.body.file.valid());  // not the response's own descriptor
    EXPECT_GE(first.body.shared_fd, 0);
    EXPECT_NE(first.body.owner, nullptr);
    for (int i = 0; i < 3; ++i) {
        const FileLookup again = look(*site, "/big.bin");
        EXPECT_EQ(again.body.fd(), first.body.fd());  // the same open file: the cached path
        EXPECT_EQ(again.body.length, big.size());
        EXPECT_EQ(again.etag(), first.etag());
        EXPECT_EQ(test::read_body(again.body), big);
    }
    DirSiteOptions off;
    off.cache_bytes = 0;
    auto uncached = make_site(d, off);
    const FileLookup plain = look(*uncached, "/big.bin");
    EXPECT_TRUE(plain.body.file.valid());
    EXPECT_EQ(plain.etag(), first.etag());  // the same validators either way
    EXPECT_EQ(plain.last_modified, first.last_modified);
    const DirSiteCacheStats s = site->cache_stats();
    EXPECT_EQ(s.open_files, 1u);
    EXPECT_EQ(s.hits, 3u);
}

TEST(DirSiteCache, BigFileRewriteIsServedNextAndOldDescriptorLivesOn) {
    test::TempDir d;
    d.write("big.bin", std::string(5000, '1'));
    auto site = make_site(d, eager(std::size_t{1} << 20, 1000));
    const FileLookup held = look(*site, "/big.bin");  // a response still being sent
    ASSERT_EQ(held.body.kind, Body::Kind::File);
    replace(d, "big.bin", std::string(6000, '2'));
    const FileLookup next = look(*site, "/big.bin");
    EXPECT_EQ(test::read_body(next.body), std::string(6000, '2'));
    EXPECT_NE(next.etag(), held.etag());
    EXPECT_EQ(site->cache_stats().open_files, 1u);  // the old entry left the cache...
    EXPECT_EQ(test::read_body(held.body), std::string(5000, '1'));  // ...its file stays readable
    std::filesystem::remove(d.path() / "big.bin");
    EXPECT_EQ(look(*site, "/big.bin").kind, FileLookup::Kind::NotFound);
    EXPECT_EQ(site->cache_stats().open_files, 0u);
}

TEST(DirSiteCache, OpenDescriptorsStayWithinTheirBound) {
    test::TempDir d;
    constexpr int kFiles = 20;
    for (int i = 0; i < kFiles; ++i) {
        d.write("b" + std::to_string(i), std::string(2000 + static_cast<std::size_t>(i), 'x'));
    }
    DirSiteOptions o = eager(std::size_t{1} << 20, 1000);
    o.cache_open_max = 4;
    auto site = make_site(d, o);
    auto open_fds = [] {
        std::size_t n = 0;
        for ([[maybe_unused]] const auto& e :
             std::filesystem::directory_iterator("/proc/self/fd")) {
            ++n;
        }
        return n;
    };
    const std::size_t before = open_fds();
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < kFiles; ++i) {
            const Got g = fetch(*site, "/b" + std::to_string(i));
            EXPECT_EQ(g.bytes.size(), 2000u + static_cast<std::size_t>(i));
            EXPECT_LE(site->cache_stats().open_files, 4u);
        }
    }
    EXPECT_EQ(site->cache_stats().open_files, 4u);
    EXPECT_EQ(open_fds(), before + 4);  // the process holds exactly the bound, nothing leaks
    // The most recently used one is still open; the least recently used went first.
    const std::uint64_t hits = site->cache_stats().hits;
    fetch(*site, "/b" + std::to_string(kFiles - 1));
    EXPECT_EQ(site->cache_stats().hits, hits + 1);
    fetch(*site, "/b0");
    EXPECT_EQ(site->cache_stats().hits, hits + 1);
    site.reset();
    EXPECT_EQ(open_fds(), before);  // the site closes them all
    EXPECT_EQ(DirSite::descriptors_held(o), 4u);
}

TEST(DirSiteCache, MemoryStaysWithinItsBound) {
    test::TempDir d;
    constexpr std::size_t kBound = 16 * 1024;
    constexpr int kFiles = 200;
    auto content = [](int i) {
        return std::string(100 + static_cast<std::size_t>(i) * 7, 'a' + i % 26);
    };
    for (int i = 0; i < kFiles; ++i) {
        d.write("f" + std::to_string(i), content(i));
    }
    auto site = make_site(d, eager(kBound));
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < kFiles; ++i) {
            const Got g = fetch(*site, "/f" + std::to_string(i));
            EXPECT_EQ(g.bytes, content(i));
            EXPECT_EQ(g.body, Body::Kind::Memory);
            EXPECT_LE(site->cache_stats().bytes, kBound);
        }
    }
    const DirSiteCacheStats s = site->cache_stats();
    EXPECT_GT(s.entries, 5u);
    EXPECT_LT(s.entries, static_cast<std::size_t>(kFiles));
    // The most recently used file is still there; the least recently used went first.
    const std::uint64_t hits = s.hits;
    fetch(*site, "/f" + std::to_string(kFiles - 1));
    EXPECT_EQ(site->cache_stats().hits, hits + 1);
    fetch(*site, "/f0");
    EXPECT_EQ(site->cache_stats().hits, hits + 1);
}

TEST(DirSiteCache, FreshFilesWaitForTheSettleTime) {
    test::TempDir d;
    d.write("f.txt", "just written");
    auto site = make_site(d, DirSiteOptions{});  // default: 2 s
    for (int i = 0; i < 3; ++i) {
        const Got g = fetch(*site, "/f.txt");
        EXPECT_EQ(g.body, Body::Kind::File);
        EXPECT_EQ(g.bytes, "just written");
    }
    EXPECT_EQ(site->cache_stats().entries, 0u);
    // A ctime cannot be set into the past, so the other side is settle 0 (no sleeps in tests).
    auto eager_site = make_site(d, eager());
    EXPECT_EQ(fetch(*eager_site, "/f.txt").body, Body::Kind::Memory);
}

TEST(DirSiteCache, RevalidationIntervalBoundsStaleness) {
    test::TempDir d;
    d.write("f.txt", "old version");
    DirSiteOptions o = eager();
    o.cache_revalidate = std::chrono::hours(1);  // a bound no test run reaches
    auto site = make_site(d, o);
    EXPECT_EQ(fetch(*site, "/f.txt").bytes, "old version");
    replace(d, "f.txt", "new version");
    // Within the interval the validated entry is served without looking at the path: the
    // documented staleness bound, here an hour.
    EXPECT_EQ(fetch(*site, "/f.txt").bytes, "old version");
    std::filesystem::remove(d.path() / "f.txt");
    EXPECT_EQ(fetch(*site, "/f.txt").bytes, "old version");
    // Other paths are checked as usual.
    EXPECT_EQ(fetch(*site, "/missing").kind, FileLookup::Kind::NotFound);
}

TEST(DirSiteCache, LinksAreRefusedAfterCaching) {
    test::TempDir outside;
    outside.write("page.html", "outside");
    test::TempDir d;
    d.write("sub/page.html", "inside");
    d.write("top.html", "top");
    auto site = make_site(d, eager());
    EXPECT_EQ(fetch(*site, "/sub/page.html").bytes, "inside");
    EXPECT_EQ(fetch(*site, "/top.html").bytes, "top");
    // The directory becomes a link to the very same files: still refused.
    std::filesystem::rename(d.path() / "sub", d.path() / "real");
    std::filesystem::create_directory_symlink(d.path() / "real", d.path() / "sub");
    EXPECT_EQ(fetch(*site, "/sub/page.html").kind, FileLookup::Kind::NotFound);
    std::filesystem::remove(d.path() / "sub");
    std::filesystem::create_directory_symlink(outside.path(), d.path() / "sub");
    EXPECT_EQ(fetch(*site, "/sub/page.html").kind, FileLookup::Kind::NotFound);
    // The file becomes a link (to itself moved aside): refused.
    std::filesystem::rename(d.path() / "top.html", d.path() / "top2.html");
    std::filesystem::create_symlink(d.path() / "top2.html", d.path() / "top.html");
    EXPECT_EQ(fetch(*site, "/top.html").kind, FileLookup::Kind::NotFound);
}

TEST(DirSiteCache, DeletedFileIsNotFound) {
    test::TempDir d;
    d.write("f.txt", "here");
    auto site = make_site(d, eager());
    EXPECT_EQ(fetch(*site, "/f.txt").bytes, "here");
    std::filesystem::remove(d.path() / "f.txt");
    EXPECT_EQ(fetch(*site, "/f.txt").kind, FileLookup::Kind::NotFound);
}

TEST(DirSiteCache, FifoIsNotFoundWithoutBlocking) {
    test::TempDir d;
    ASSERT_EQ(::mkfifo((d.path() / "pipe").c_str(), 0644), 0);
    d.write("sub/index.html", "sub");
    auto site = make_site(d, eager());
    EXPECT_EQ(fetch(*site, "/pipe").kind,
              FileLookup::Kind::NotFound);  // no writer: open must not wait
    EXPECT_EQ(fetch(*site, "/sub").kind, FileLookup::Kind::Directory);
}

TEST(DirSiteCache, ConcurrentLookupsDuringRewritesNeverTear) {
    test::TempDir d;
    // Two versions of different sizes, each byte tied to its version, so a mix shows.
    const std::string a(3000, 'a');
    const std::string b(5000, 'b');
    d.write("f.txt", a);
    auto site = make_site(d, eager());
    std::atomic<bool> done{false};
    std::atomic<int> bad{0};
    std::atomic<long> served{0};
    auto reader = [&] {
        std::array<char, 4096> scratch{};
        while (!done.load(std::memory_order_relaxed)) {
            const FileLookup f = site->lookup("/f.txt", scratch);
            if (f.kind != FileLookup::Kind::File) {
                bad.fetch_add(1);  // rename replaces atomically: the file is always there
                continue;
            }
            const std::string got = test::read_body(f.body);
            // The ETag starts with the size it was made from: it must describe these bytes.
            const std::string etag(f.etag());
            const std::string size_hex = etag.substr(1, etag.find('-') - 1);
            if ((got != a && got != b) || std::stoul(size_hex, nullptr, 16) != got.size()) {
                bad.fetch_add(1);
            }
            served.fetch_add(1);
        }
    };
    std::vector<std::thread> readers;
    for (int i = 0; i < 4; ++i) {
        readers.emplace_back(reader);
    }
    for (int i = 0; i < 400; ++i) {
        replace(d, "f.txt", i % 2 == 0 ? b : a);
    }
    done = true;
    for (std::thread& t : readers) {
        t.join();
    }
    EXPECT_EQ(bad.load(), 0);
    EXPECT_GT(served.load(), 0);
    EXPECT_GT(site->cache_stats().hits, 0u);
}

}  // namespace
}  // namespace mcustd::http
