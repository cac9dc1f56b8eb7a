// A RomfsSite opened from an image file (open_site): files of at least kFileBodyMin bytes are File
// bodies (a descriptor of the image, the data's offset, its size) for sendfile; smaller ones stay
// Memory bodies; heads, ETags, HEAD and 304 are those of the same image served from memory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "mcustd/http/dir_site.hpp"
#include "mcustd/http/handler.hpp"
#include "mcustd/http/parser.hpp"
#include "mcustd/http/romfs_site.hpp"
#include "test_site.hpp"

namespace mcustd::http {
namespace {

constexpr std::size_t kMin = RomfsSite::kFileBodyMin;

// Bytes that differ from position to position, so a wrong offset cannot pass.
std::string pattern(std::size_t size, unsigned seed) {
    std::string s(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        s[i] = static_cast<char>((i * 7 + seed) % 251);
    }
    return s;
}

std::string body_bytes(const Body& b) {
    if (b.kind == Body::Kind::Memory) {
        return {reinterpret_cast<const char*>(b.memory.data()), b.memory.size()};
    }
    if (b.kind == Body::Kind::File) {
        std::string s(b.length, '\0');
        const ssize_t n = ::pread(b.file.get(), s.data(), s.size(), static_cast<off_t>(b.offset));
        EXPECT_EQ(n, static_cast<ssize_t>(s.size()));
        return s;
    }
    return {};
}

struct Served {
    int status = 0;
    std::string head;
    Body body;
};

Served get(const Site& site, const std::string& target, const std::string& extra = "",
           const std::string& method = "GET") {
    const std::string request = method + " " + target + " HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n";
    RequestParser parser;
    ParseResult p = parser.parse(request);
    EXPECT_EQ(p.status, ParseStatus::Complete);
    std::array<char, 4096> buf{};
    Response r = StaticHandler(site).handle(p.request, buf);
    return {r.status, std::string(r.head), std::move(r.body)};
}

std::string field(const std::string& head, const std::string& name) {
    const std::size_t at = head.find("\r\n" + name + ": ");
    if (at == std::string::npos) {
        return {};
    }
    const std::size_t from = at + name.size() + 4;
    return head.substr(from, head.find("\r\n", from) - from);
}

std::size_t open_fd_count() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
        ++n;
    }
    return n;
}

class RomfsImageFile : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_.write("index.html", "<html>index</html>\n");
        dir_.write("hello.html", "<h1>hello</h1>\n");
        dir_.write("big.bin", big_);
        dir_.write("docs/edge.bin", edge_);
        dir_.write("under.bin", under_);
        image_ = test::make_romfs(dir_.path());
        image_path_ = (out_.path() / "site.romfs").string();
        {
            std::ofstream f(image_path_, std::ios::binary);
            f.write(reinterpret_cast<const char*>(image_.data()),
                    static_cast<std::streamsize>(image_.size()));
        }
        auto opened = open_site(image_path_);
        ASSERT_TRUE(opened) << opened.error().message();
        site_ = std::move(*opened);
        auto memory = RomfsSite::create(image_);
        ASSERT_TRUE(memory) << memory.error().message();
        memory_ = std::move(*memory);
    }

    const std::string big_ = pattern(65536, 1);
    const std::string edge_ = pattern(kMin, 2);       // exactly the threshold: a File body
    const std::string under_ = pattern(kMin - 1, 3);  // one byte less: memory
    test::TempDir dir_;
    test::TempDir out_;
    std::vector<std::byte> image_;
    std::string image_path_;
    std::unique_ptr<Site> site_;    // open_site(image file)
    std::unique_ptr<Site> memory_;  // RomfsSite::create(bytes): no file behind it
};

TEST_F(RomfsImageFile, LargeFilesAreFileBodiesAtTheirOffset) {
    for (const auto& [path, content] :
         {std::pair{"/big.bin", big_}, std::pair{"/docs/edge.bin", edge_}}) {
        Served s = get(*site_, path);
        EXPECT_EQ(s.status, 200) << path;
        ASSERT_EQ(s.body.kind, Body::Kind::File) << path;
        EXPECT_TRUE(s.body.file.valid());
        EXPECT_GT(s.body.offset, 0u);  // past the superblock and the file header
        EXPECT_EQ(s.body.length, content.size());
        EXPECT_EQ(body_bytes(s.body), content) << path;
        EXPECT_EQ(field(s.head, "Content-Length"), std::to_string(content.size()));
    }
}

TEST_F(RomfsImageFile, SmallFilesStayInMemory) {
    for (const char* path : {"/hello.html", "/under.bin", "/"}) {
        Served s = get(*site_, path);
        EXPECT_EQ(s.status, 200) << path;
        EXPECT_EQ(s.body.kind, Body::Kind::Memory) << path;
    }
    EXPECT_EQ(body_bytes(get(*site_, "/under.bin").body), under_);
    EXPECT_EQ(body_bytes(get(*site_, "/hello.html").body), "<h1>hello</h1>\n");
}

TEST_F(RomfsImageFile, ImageInMemoryOnlyKeepsSpans) {
    Served s = get(*memory_, "/big.bin");
    EXPECT_EQ(s.body.kind, Body::Kind::Memory);
    EXPECT_EQ(body_bytes(s.body), big_);
}

TEST_F(RomfsImageFile, HeadsEtagHeadAnd304Unchanged) {
    for (const char* path : {"/big.bin", "/hello.html", "/docs/edge.bin"}) {
        Served from_file = get(*site_, path);
        Served from_memory = get(*memory_, path);
        EXPECT_EQ(from_file.head, from_memory.head) << path;
        const std::string etag = field(from_file.head, "ETag");
        ASSERT_FALSE(etag.empty()) << path;
        Served head = get(*site_, path, "", "HEAD");
        EXPECT_EQ(head.status, 200);
        EXPECT_EQ(head.head, from_file.head);
        EXPECT_EQ(head.body.kind, Body::Kind::None);
        Served not_modified = get(*site_, path, "If-None-Match: " + etag + "\r\n");
        EXPECT_EQ(not_modified.status, 304) << path;
        EXPECT_EQ(not_modified.body.kind, Body::Kind::None);
        EXPECT_EQ(field(not_modified.head, "ETag"), etag);
        EXPECT_EQ(field(not_modified.head, "Content-Length"),
                  field(from_file.head, "Content-Length"));
    }
}

TEST_F(RomfsImageFile, EachBodyOwnsItsDescriptor) {
    const std::size_t before = open_fd_count();
    {
        Served a = get(*site_, "/big.bin");
        Served b = get(*site_, "/big.bin");
        ASSERT_EQ(a.body.kind, Body::Kind::File);
        ASSERT_EQ(b.body.kind, Body::Kind::File);
        EXPECT_NE(a.body.file.get(), b.body.file.get());
        EXPECT_EQ(open_fd_count(), before + 2);
        // A body outlives the site: its descriptor is its own.
        site_.reset();
        EXPECT_EQ(body_bytes(a.body), big_);
        EXPECT_EQ(body_bytes(b.body), big_);
    }
    EXPECT_EQ(open_fd_count(), before - 1);  // the site's own descriptor went with it
}

TEST_F(RomfsImageFile, NoDescriptorOutlivesItsResponse) {
    const std::string etag = field(get(*site_, "/big.bin").head, "ETag");
    const std::size_t before = open_fd_count();
    for (int i = 0; i < 50; ++i) {
        EXPECT_EQ(get(*site_, "/big.bin").status, 200);
        EXPECT_EQ(get(*site_, "/big.bin", "", "HEAD").status, 200);
        EXPECT_EQ(get(*site_, "/big.bin", "If-None-Match: " + etag + "\r\n").status, 304);
        EXPECT_EQ(get(*site_, "/missing").status, 404);
    }
    EXPECT_EQ(open_fd_count(), before);
}

}  // namespace
}  // namespace mcustd::http
