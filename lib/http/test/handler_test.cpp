// StaticHandler over a genromfs image and over a directory: the same expectations for both.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "mcustd/http/dir_site.hpp"
#include "mcustd/http/handler.hpp"
#include "mcustd/http/parser.hpp"
#include "mcustd/http/romfs_site.hpp"
#include "served.hpp"
#include "test_site.hpp"

namespace mcustd::http {
namespace {

using test::get;
using test::Handler;
using test::kHello;
using test::kIndex;
using test::kNotFound;
using test::populate;
using test::serve;
using test::Served;

TEST_P(Handler, GetFile) {
    Served s = get(site(), "/hello.html");
    EXPECT_EQ(s.status, 200);
    EXPECT_EQ(s.body, kHello);
    EXPECT_EQ(s.fields["content-length"], std::to_string(kHello.size()));
    EXPECT_EQ(s.fields["content-type"], "text/html; charset=utf-8");
    EXPECT_EQ(s.fields["server"], "mcustd");
    ASSERT_FALSE(s.fields["etag"].empty());
    EXPECT_EQ(s.fields["etag"].front(), '"');
    EXPECT_EQ(s.fields["etag"].back(), '"');
    EXPECT_EQ(s.fields.count("connection"), 0u);
    EXPECT_TRUE(s.keep_alive);
    EXPECT_EQ(s.kind, GetParam() == "romfs" ? Body::Kind::Memory : Body::Kind::File);
}

TEST_P(Handler, RootAndDirectoriesServeIndex) {
    EXPECT_EQ(get(site(), "/").body, kIndex);
    EXPECT_EQ(get(site(), "/?q=1").body, kIndex);
    EXPECT_EQ(get(site(), "/docs/").body, "<html>docs</html>");
    EXPECT_EQ(get(site(), "//docs//").body, "<html>docs</html>");
    EXPECT_EQ(get(site(), "/docs/deep/page.html").body, "deep");
    Served s = get(site(), "/empty/");  // a directory without index.html
    EXPECT_EQ(s.status, 404);
    EXPECT_EQ(s.body, kNotFound);
}

TEST_P(Handler, HeadHasSameHeadNoBody) {
    Served g = get(site(), "/blob.bin");
    Served h = get(site(), "/blob.bin", "", "HEAD");
    EXPECT_EQ(h.status, 200);
    EXPECT_EQ(h.head, g.head);
    EXPECT_EQ(h.fields["content-length"], "65536");
    EXPECT_EQ(h.kind, Body::Kind::None);
    EXPECT_EQ(h.body_size, 0u);
    EXPECT_EQ(g.body, std::string(65536, 'b'));
}

TEST_P(Handler, OtherKnownMethodsAre405) {
    for (const char* m : {"POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"}) {
        Served s = get(site(), "/hello.html", "", m);
        EXPECT_EQ(s.status, 405) << m;
        EXPECT_EQ(s.fields["allow"], "GET, HEAD");
        EXPECT_EQ(s.fields["content-length"], std::to_string(s.body.size()));
        EXPECT_FALSE(s.body.empty());
    }
}

// RFC 9110 9.1: methods are case-sensitive; one the server does not know is 501, not 405.
TEST_P(Handler, UnknownMethodsAre501) {
    for (const char* m : {"get", "Head", "BREW", "PROPFIND"}) {
        Served s = get(site(), "/hello.html", "", m);
        EXPECT_EQ(s.status, 501) << m;
        EXPECT_EQ(s.fields.count("allow"), 0u);
        EXPECT_NE(s.body.find("501 Not Implemented"), std::string::npos);
    }
}

TEST_P(Handler, IfNoneMatch) {
    const std::string etag = get(site(), "/hello.html").fields["etag"];
    for (const std::string& inm : {etag, "\"nope\", " + etag, "W/" + etag, std::string("*"),
                                   "\"a\",W/\"b\"  ," + etag + ",\"c\""}) {
        Served s = get(site(), "/hello.html", "If-None-Match: " + inm + "\r\n");
        EXPECT_EQ(s.status, 304) << inm;
        EXPECT_EQ(s.kind, Body::Kind::None);
        EXPECT_EQ(s.fields["etag"], etag);
        EXPECT_EQ(s.fields["content-length"], std::to_string(kHello.size()));
    }
    for (const std::string& inm : {std::string("\"nope\""), std::string("W/\"x\""),
                                   etag.substr(1, etag.size() - 2), std::string("")}) {
        Served s = get(site(), "/hello.html", "If-None-Match: " + inm + "\r\n");
        EXPECT_EQ(s.status, 200) << inm;
        EXPECT_EQ(s.body, kHello);
    }
    // The tag in a second If-None-Match field counts too.
    Served s =
        get(site(), "/hello.html", "If-None-Match: \"x\"\r\nIf-None-Match: " + etag + "\r\n");
    EXPECT_EQ(s.status, 304);
    // Another file's tag does not match.
    EXPECT_NE(get(site(), "/index.html").fields["etag"], etag);
}

TEST_P(Handler, MissingFileGetsSite404Page) {
    Served s = get(site(), "/nothing-here.html");
    EXPECT_EQ(s.status, 404);
    EXPECT_EQ(s.body, kNotFound);
    EXPECT_EQ(s.fields["content-type"], "text/html; charset=utf-8");
    EXPECT_EQ(s.fields["content-length"], std::to_string(kNotFound.size()));
    EXPECT_TRUE(s.keep_alive);
    Served h = get(site(), "/nothing-here.html", "", "HEAD");
    EXPECT_EQ(h.status, 404);
    EXPECT_EQ(h.kind, Body::Kind::None);
    EXPECT_EQ(get(site(), "/hello.html/x").status, 404);  // a file is not a directory
}

TEST_P(Handler, MimeTypes) {
    const std::map<std::string, std::string> want = {
        {"/style.css", "text/css; charset=utf-8"},
        {"/app.js", "text/javascript; charset=utf-8"},
        {"/data.json", "application/json"},
        {"/notes.txt", "text/plain; charset=utf-8"},
        {"/img.png", "image/png"},
        {"/photo.JPG", "image/jpeg"},
        {"/anim.gif", "image/gif"},
        {"/logo.svg", "image/svg+xml"},
        {"/favicon.ico", "image/x-icon"},
        {"/mod.wasm", "application/wasm"},
        {"/blob.bin", "application/octet-stream"},
        {"/noext", "application/octet-stream"},
    };
    for (const auto& [path, type] : want) {
        Served s = get(site(), path);
        EXPECT_EQ(s.status, 200) << path;
        EXPECT_EQ(s.fields["content-type"], type) << path;
    }
}

TEST_P(Handler, TraversalIs400) {
    for (const char* t : {"/../etc/passwd", "/%2e%2e/etc/passwd", "/docs/%2E%2E/%2e%2e/x",
                          "/docs/..", "/..%2f..%2fetc%2fpasswd", "/docs%2f..%2f..", "/%5c..%5c",
                          "/..\\..\\etc", "/hello.html%00.txt", "/%00", "/./hello.html"}) {
        Served s = get(site(), t);
        EXPECT_EQ(s.status, 400) << t;
        EXPECT_EQ(s.fields["content-length"], std::to_string(s.body.size()));
    }
}

TEST_P(Handler, PercentDecodedPathsResolve) {
    EXPECT_EQ(get(site(), "/a%20b.txt").body, "spaced");
    EXPECT_EQ(get(site(), "/hello%2ehtml").body, kHello);
    EXPECT_EQ(get(site(), "/hello.html?../../etc/passwd").body, kHello);  // query ignored
    EXPECT_EQ(get(site(), "http://t/hello.html").body, kHello);
}

TEST_P(Handler, KeepAliveAnswers) {
    Served close = get(site(), "/hello.html", "Connection: close\r\n");
    EXPECT_FALSE(close.keep_alive);
    EXPECT_EQ(close.fields["connection"], "close");
    Served old = get(site(), "/hello.html", "", "GET", "HTTP/1.0");
    EXPECT_FALSE(old.keep_alive);
    EXPECT_EQ(old.fields["connection"], "close");
    Served old_ka = get(site(), "/hello.html", "Connection: Keep-Alive\r\n", "GET", "HTTP/1.0");
    EXPECT_TRUE(old_ka.keep_alive);
    EXPECT_EQ(old_ka.fields["connection"], "keep-alive");
    Served missing = get(site(), "/none", "Connection: close\r\n");
    EXPECT_EQ(missing.status, 404);
    EXPECT_FALSE(missing.keep_alive);
}

// Paths up to the request-line limit are looked up with the buffer the engines allocate
// (buffer_size()), on both sites; a smaller buffer still answers 414, never overflows.
TEST_P(Handler, LongPathsAreServedUpToTheRequestLineLimit) {
    std::string rel;
    for (int i = 0; i < 10; ++i) {
        rel += std::string(200, static_cast<char>('a' + i)) + "/";
    }
    rel += "f.txt";
    ASSERT_GT(rel.size(), 2000u);
    dir_.write(rel, "long");
    SetUp();  // rebuild the site (the romfs image) with the new file
    Served s = get(site(), "/" + rel);
    EXPECT_EQ(s.status, 200);
    EXPECT_EQ(s.body, "long");
    const std::string line_max = "/" + std::string(kMaxRequestLine - 20, 'z');
    EXPECT_EQ(get(site(), line_max).status, 404);  // looked up, not refused
    const std::string head = "GET " + line_max + " HTTP/1.1\r\nHost: t\r\n\r\n";
    EXPECT_EQ(serve(site(), head, kMinHandlerBuffer).status, 414);
}

INSTANTIATE_TEST_SUITE_P(Sites, Handler, ::testing::Values("romfs", "dir"),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

TEST(HandlerNo404Page, BuiltInPage) {
    test::TempDir d;
    d.write("index.html", kIndex);
    std::vector<std::byte> image = test::make_romfs(d.path());
    auto romfs = RomfsSite::create(image);
    ASSERT_TRUE(romfs);
    auto dir = DirSite::create(d.path().string());
    ASSERT_TRUE(dir);
    for (const Site* site :
         {static_cast<const Site*>(romfs->get()), static_cast<const Site*>(dir->get())}) {
        Served s = get(*site, "/missing");
        EXPECT_EQ(s.status, 404);
        EXPECT_NE(s.body.find("404 Not Found"), std::string::npos);
        EXPECT_EQ(s.fields["content-length"], std::to_string(s.body.size()));
    }
}

TEST(DirSiteSymlinks, LinksAreNotFollowed) {
    test::TempDir outside;
    outside.write("secret.txt", "secret");
    test::TempDir d;
    d.write("index.html", kIndex);
    std::filesystem::create_symlink(outside.path() / "secret.txt", d.path() / "link.txt");
    std::filesystem::create_directory_symlink(outside.path(), d.path() / "out");
    std::filesystem::create_symlink(d.path() / "index.html", d.path() / "inside.html");
    auto site = DirSite::create(d.path().string());
    ASSERT_TRUE(site);
    for (const char* t : {"/link.txt", "/out/secret.txt", "/out/", "/inside.html"}) {
        Served s = get(**site, t);
        EXPECT_EQ(s.status, 404) << t;
        EXPECT_EQ(s.body.find("secret"), std::string::npos);
    }
}

std::size_t open_fd_count() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
        ++n;
    }
    return n;
}

TEST(DirSiteFds, NoDescriptorOutlivesItsResponse) {
    test::TempDir d;
    populate(d);
    auto site = DirSite::create(d.path().string());
    ASSERT_TRUE(site);
    const std::string etag = get(**site, "/hello.html").fields["etag"];
    const std::size_t before = open_fd_count();
    for (int i = 0; i < 50; ++i) {
        EXPECT_EQ(get(**site, "/hello.html").status, 200);
        EXPECT_EQ(get(**site, "/hello.html", "", "HEAD").status, 200);
        EXPECT_EQ(get(**site, "/hello.html", "If-None-Match: " + etag + "\r\n").status, 304);
        EXPECT_EQ(get(**site, "/missing").status, 404);
        EXPECT_EQ(get(**site, "/docs/").status, 200);  // a directory is opened, then index.html
        EXPECT_EQ(get(**site, "/docs").status, 301);
    }
    EXPECT_EQ(open_fd_count(), before);
}

TEST(DirSiteCreate, ErrorsNameThePath) {
    auto missing = DirSite::create("/nonexistent/mcustd-site");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message().find("/nonexistent/mcustd-site"), std::string::npos);
    test::TempDir d;
    d.write("file", "x");
    auto not_dir = DirSite::create((d.path() / "file").string());
    ASSERT_FALSE(not_dir);
    EXPECT_EQ(not_dir.error().code(), std::make_error_code(std::errc::not_a_directory));
}

TEST(OpenSite, DirectoryOrImage) {
    test::TempDir d;
    d.write("hello.html", kHello);
    auto dir = open_site(d.path().string());
    ASSERT_TRUE(dir) << dir.error().message();
    EXPECT_EQ(get(**dir, "/hello.html").body, kHello);
    const std::vector<std::byte> image = test::make_romfs(d.path());
    test::TempDir out;
    const std::string image_path = (out.path() / "site.romfs").string();
    {
        std::ofstream f(image_path, std::ios::binary);
        f.write(reinterpret_cast<const char*>(image.data()),
                static_cast<std::streamsize>(image.size()));
    }
    auto romfs = open_site(image_path);
    ASSERT_TRUE(romfs) << romfs.error().message();
    Served s = get(**romfs, "/hello.html");
    EXPECT_EQ(s.body, kHello);
    EXPECT_EQ(s.kind, Body::Kind::Memory);
    auto bad = open_site((d.path() / "hello.html").string());  // not a romfs image
    EXPECT_FALSE(bad);
    auto none = open_site("/nonexistent/site");
    ASSERT_FALSE(none);
    EXPECT_NE(none.error().message().find("/nonexistent/site"), std::string::npos);
}

TEST(Mime, CaseInsensitiveExtension) {
    EXPECT_EQ(mime_type("/a/B.HTML"), "text/html; charset=utf-8");
    EXPECT_EQ(mime_type("/dir.d/file"), "application/octet-stream");
    EXPECT_EQ(mime_type("/x."), "application/octet-stream");
    EXPECT_EQ(mime_type("/x.JPEG"), "image/jpeg");
    EXPECT_EQ(mime_type("/x.wasm"), "application/wasm");
    EXPECT_EQ(mime_type("/x.htmlx"), "application/octet-stream");
    EXPECT_EQ(mime_type(std::string_view("/x.\0htm", 7)), "application/octet-stream");
    EXPECT_EQ(mime_type("/x.tx"), "application/octet-stream");
}

}  // namespace
}  // namespace mcustd::http
