// Valid images made by genromfs: lookup, listing, data byte for byte, hard links, tags.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <system_error>

#include "image_builder.hpp"
#include "mcustd/romfs/image.hpp"
#include "mcustd/romfs/image_file.hpp"

namespace mcustd::romfs {
namespace {

using test::to_string;
using test::TreeBuilder;

std::string pattern(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string s(n, '\0');
    for (char& c : s) {
        c = static_cast<char>(rng());  // every byte value, NULs included
    }
    return s;
}

std::set<std::string> names(const std::vector<Node>& nodes) {
    std::set<std::string> out;
    for (const Node& n : nodes) {
        out.emplace(n.name);
    }
    return out;
}

class ValidImage : public ::testing::Test {
  protected:
    void SetUp() override {
        tree_.file("hello.html", hello_);
        tree_.file("empty", "");
        tree_.file("odd.bin", odd_);  // 37 bytes: not a multiple of 16
        tree_.file("a/b/c.txt", "nested\n");
        tree_.file("a/big.bin", big_);
        tree_.file("a/same.txt", "nested\n");  // same bytes as a/b/c.txt, another file
        tree_.dir("a/emptydir");
        tree_.hard_link("hello.html", "a/b/link.html");
        tree_.file(long_name_, "long");
        tree_.symlink("hello.html", "sym");
        bytes_ = tree_.pack("vol-label");
        auto img = Image::open(bytes_);
        ASSERT_TRUE(img) << img.error().message();
        image_ = std::move(img.value());
    }

    const Image& image() const { return *image_; }

    std::string hello_ = "<h1>Hello!</h1>\n";
    std::string odd_ = pattern(37, 1);
    std::string big_ = pattern(70000, 2);
    std::string long_name_ = std::string(251, 'n') + ".txt";  // 255 bytes: NAME_MAX
    TreeBuilder tree_;
    std::vector<std::byte> bytes_;
    std::optional<Image> image_;
};

TEST_F(ValidImage, VolumeNameAndRoot) {
    EXPECT_EQ(image().volume_name(), "vol-label");
    const Node root = image().root();
    EXPECT_TRUE(root.is_directory());
    EXPECT_EQ(root.mode & kModeTypeMask, kModeDir);
    auto slash = image().lookup("/");
    ASSERT_TRUE(slash);
    EXPECT_EQ(slash->offset, root.offset);
}

TEST_F(ValidImage, FileDataByteForByte) {
    auto check = [&](std::string_view path, const std::string& want) {
        auto data = image().read(path);
        ASSERT_TRUE(data) << data.error().message();
        EXPECT_EQ(to_string(*data), want) << path;
        // Zero-copy: the span points into the caller's bytes.
        if (!data->empty()) {
            EXPECT_GE(data->data(), bytes_.data());
            EXPECT_LE(data->data() + data->size(), bytes_.data() + bytes_.size());
        }
    };
    check("/hello.html", hello_);
    check("/empty", "");
    check("/odd.bin", odd_);
    check("/a/b/c.txt", "nested\n");
    check("/a/big.bin", big_);
    check("/" + long_name_, "long");
}

TEST_F(ValidImage, StatInfo) {
    auto odd = image().lookup("/odd.bin");
    ASSERT_TRUE(odd);
    EXPECT_EQ(odd->type, FileType::regular);
    EXPECT_EQ(odd->size, 37u);
    EXPECT_EQ(odd->name, "odd.bin");
    EXPECT_EQ(odd->mode & kModeTypeMask, kModeRegular);
    EXPECT_EQ(odd->mode & 0444u, 0444u);

    auto dir = image().lookup("/a/b");
    ASSERT_TRUE(dir);
    EXPECT_TRUE(dir->is_directory());
    EXPECT_EQ(dir->name, "b");
    EXPECT_EQ(dir->size, 0u);
    EXPECT_TRUE(dir->data.empty());

    auto sym = image().lookup("/sym");
    ASSERT_TRUE(sym);
    EXPECT_EQ(sym->type, FileType::symlink);
    EXPECT_EQ(sym->mode & kModeTypeMask, kModeSymlink);
    EXPECT_EQ(to_string(sym->data), "hello.html");
}

TEST_F(ValidImage, DotDotAndSlashes) {
    auto want = image().lookup("/a/b/c.txt");
    ASSERT_TRUE(want);
    for (const char* path : {"/a/b/c.txt", "//a//b/c.txt", "/a/./b/c.txt", "/a/b/../b/c.txt",
                             "/../a/b/c.txt", "/a/emptydir/../../a/b/c.txt", "/./a/b/./c.txt"}) {
        auto got = image().lookup(path);
        ASSERT_TRUE(got) << path << ": " << got.error().message();
        EXPECT_EQ(got->offset, want->offset) << path;
    }
    auto root = image().lookup("/a/b/../..");
    ASSERT_TRUE(root);
    EXPECT_EQ(root->offset, image().root().offset);
    auto dir = image().lookup("/a/b/");
    ASSERT_TRUE(dir);
    EXPECT_TRUE(dir->is_directory());
}

TEST_F(ValidImage, LookupErrors) {
    auto code = [&](std::string_view path) {
        auto r = image().lookup(path);
        EXPECT_FALSE(r) << path;
        return r ? std::error_code() : r.error().code();
    };
    EXPECT_EQ(code("/missing"), std::errc::no_such_file_or_directory);
    EXPECT_EQ(code("/a/b/missing.txt"), std::errc::no_such_file_or_directory);
    EXPECT_EQ(code("/hello.html/"), std::errc::not_a_directory);
    EXPECT_EQ(code("/hello.html/x"), std::errc::not_a_directory);
    EXPECT_EQ(code("/hello.html/.."), std::errc::not_a_directory);
    EXPECT_EQ(code("hello.html"), std::errc::invalid_argument);
    EXPECT_EQ(code(""), std::errc::invalid_argument);
    EXPECT_EQ(code("/" + std::string(300, 'x')), std::errc::filename_too_long);
    // "." and ".." are never matched as names.
    EXPECT_EQ(code("/a/b/c.txt/."), std::errc::not_a_directory);

    auto r = image().lookup("/a/nope");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().context().find("/a/nope"), std::string::npos) << r.error().context();

    auto dir = image().read("/a");
    ASSERT_FALSE(dir);
    EXPECT_EQ(dir.error().code(), std::errc::is_a_directory);
    auto sym = image().read("/sym");
    ASSERT_FALSE(sym);
    EXPECT_EQ(sym.error().code(), std::errc::invalid_argument);
    auto list = image().list("/hello.html");
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code(), std::errc::not_a_directory);
}

TEST_F(ValidImage, Listing) {
    auto root = image().list("/");
    ASSERT_TRUE(root) << root.error().message();
    EXPECT_EQ(names(*root),
              (std::set<std::string>{"hello.html", "empty", "odd.bin", "a", long_name_, "sym"}));
    auto a = image().list("/a/");
    ASSERT_TRUE(a);
    EXPECT_EQ(names(*a), (std::set<std::string>{"b", "big.bin", "same.txt", "emptydir"}));
    auto empty = image().list("/a/emptydir");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->empty());
    for (const Node& n : *a) {
        EXPECT_EQ(n.is_directory(), n.name == "b" || n.name == "emptydir") << n.name;
    }
}

TEST_F(ValidImage, HardLinksShareTheirTarget) {
    auto file = image().lookup("/hello.html");
    auto link = image().lookup("/a/b/link.html");
    ASSERT_TRUE(file);
    ASSERT_TRUE(link);
    EXPECT_EQ(link->name, "link.html");
    EXPECT_EQ(link->offset, file->offset);
    EXPECT_EQ(link->tag, file->tag);
    EXPECT_EQ(link->type, FileType::regular);
    EXPECT_EQ(to_string(link->data), hello_);
    auto listed = image().list("/a/b");
    ASSERT_TRUE(listed);
    auto it = std::find_if(listed->begin(), listed->end(),
                           [](const Node& n) { return n.name == "link.html"; });
    ASSERT_NE(it, listed->end());
    EXPECT_EQ(it->offset, file->offset);
    EXPECT_EQ(to_string(it->data), hello_);
}

TEST_F(ValidImage, ContentTags) {
    auto c = image().lookup("/a/b/c.txt");
    auto same = image().lookup("/a/same.txt");
    auto hello = image().lookup("/hello.html");
    auto empty = image().lookup("/empty");
    ASSERT_TRUE(c && same && hello && empty);
    EXPECT_NE(c->offset, same->offset);
    EXPECT_EQ(c->tag, same->tag);  // derived from the contents, not the position
    EXPECT_NE(c->tag, hello->tag);
    EXPECT_NE(empty->tag, 0u);
    const ETag e = etag(*hello);
    const std::string_view v = e.view();
    ASSERT_EQ(v.size(), 18u);
    EXPECT_EQ(v.front(), '"');
    EXPECT_EQ(v.back(), '"');
    EXPECT_EQ(v.substr(1, 16).find_first_not_of("0123456789abcdef"), std::string_view::npos);
    EXPECT_NE(etag(*c).view(), v);
}

TEST(Image, TagChangesWithContents) {
    TreeBuilder one;
    one.file("f.txt", "version 1\n");
    TreeBuilder two;
    two.file("f.txt", "version 2\n");
    auto b1 = one.pack();
    auto b2 = two.pack();
    auto i1 = Image::open(b1);
    auto i2 = Image::open(b2);
    ASSERT_TRUE(i1 && i2);
    auto f1 = i1->lookup("/f.txt");
    auto f2 = i2->lookup("/f.txt");
    ASSERT_TRUE(f1 && f2);
    EXPECT_EQ(f1->offset, f2->offset);
    EXPECT_NE(f1->tag, f2->tag);
}

TEST(Image, AlignedDataFromGenromfsOptionA) {
    // genromfs -a moves headers so that file data starts on the given boundary.
    TreeBuilder tree;
    tree.file("a.bin", pattern(100, 3));
    tree.file("d/b.bin", pattern(1000, 4));
    tree.file("c", "x");
    const auto bytes = tree.pack("aligned", "-a 256");
    auto img = Image::open(bytes);
    ASSERT_TRUE(img) << img.error().message();
    for (const char* path : {"/a.bin", "/d/b.bin", "/c"}) {
        auto data = img->read(path);
        ASSERT_TRUE(data) << path;
        EXPECT_EQ((data->data() - bytes.data()) % 256, 0) << path;
    }
    EXPECT_EQ(to_string(*img->read("/d/b.bin")), pattern(1000, 4));
}

TEST(Image, SpanLongerThanImageIsFine) {
    TreeBuilder tree;
    tree.file("x", "abc");
    auto bytes = tree.pack();
    bytes.resize(bytes.size() + 4096, std::byte{0xff});  // e.g. erased flash after the image
    auto img = Image::open(bytes);
    ASSERT_TRUE(img) << img.error().message();
    EXPECT_LE(img->bytes().size(), bytes.size() - 4096);
    auto x = img->read("/x");
    ASSERT_TRUE(x);
    EXPECT_EQ(to_string(*x), "abc");
}

TEST(Image, EmptyTree) {
    TreeBuilder tree;
    auto bytes = tree.pack();
    auto img = Image::open(bytes);
    ASSERT_TRUE(img) << img.error().message();
    auto list = img->list("/");
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->empty());
    EXPECT_EQ(img->lookup("/x").error().code(), std::errc::no_such_file_or_directory);
}

TEST(Image, DeeperThanMaxDepthIsRefused) {
    TreeBuilder tree;
    std::string path;
    for (std::size_t i = 0; i < Image::kMaxDepth + 1; ++i) {
        path += "d/";
    }
    tree.file(path + "f", "deep");
    auto bytes = tree.pack();
    auto img = Image::open(bytes);
    ASSERT_TRUE(img) << img.error().message();
    auto r = img->lookup("/" + path + "f");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), std::errc::filename_too_long);
    auto shallow = img->lookup("/d/d/d");
    EXPECT_TRUE(shallow);
}

TEST(ImageFile, LoadsAndReportsMissingFiles) {
    TreeBuilder tree;
    tree.file("hello.html", "hi");
    const auto bytes = tree.pack();
    const auto path = tree.scratch("load.img");
    {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()),
                  static_cast<std::streamsize>(bytes.size()));
    }
    auto file = ImageFile::load(path.string());
    ASSERT_TRUE(file) << file.error().message();
    auto moved = std::move(file.value());  // spans stay valid across a move
    auto data = moved.image().read("/hello.html");
    ASSERT_TRUE(data);
    EXPECT_EQ(to_string(*data), "hi");

    auto missing = ImageFile::load("/nonexistent/romfs.img");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code(), std::errc::no_such_file_or_directory);
    EXPECT_NE(missing.error().context().find("/nonexistent/romfs.img"), std::string::npos);
}

}  // namespace
}  // namespace mcustd::romfs
