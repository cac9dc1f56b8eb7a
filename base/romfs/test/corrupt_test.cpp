// Corrupt images: each is a real genromfs image with bytes flipped or rewritten. Every rejection
// must be EILSEQ with a context naming the offset; nothing may read out of bounds (run under ASan).
#include <gtest/gtest.h>

#include <string>
#include <system_error>

#include "image_builder.hpp"
#include "mcustd/romfs/image.hpp"

namespace mcustd::romfs {
namespace {

using test::fix_header;
using test::fix_superblock;
using test::get32;
using test::put32;
using test::to_string;
using test::TreeBuilder;

std::string hex(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%x", v);
    return buf;
}

// The header offset of the entry `name` in the directory whose header is at `dir`, read from the
// raw bytes (independently of the reader under test).
std::uint32_t entry_at(const std::vector<std::byte>& img, std::uint32_t dir,
                       const std::string& name) {
    for (std::uint32_t off = get32(img, dir + 4); off != 0; off = get32(img, off) & ~15u) {
        if (std::string(reinterpret_cast<const char*>(img.data() + off + 16)) == name) {
            return off;
        }
    }
    ADD_FAILURE() << "no entry " << name;
    return 0;
}

// Rejects with EILSEQ and exactly this context.
void expect_rejected(const std::vector<std::byte>& img, const std::string& context) {
    auto r = Image::open(img);
    ASSERT_FALSE(r) << "accepted, expected: " << context;
    EXPECT_EQ(r.error().code(), std::errc::illegal_byte_sequence);
    EXPECT_EQ(r.error().context(), context);
}

// Walks every node an accepted image offers; ASan checks that nothing reads outside it.
std::size_t walk(const Image& img, const std::string& dir) {
    auto list = img.list(dir);
    EXPECT_TRUE(list) << list.error().message();
    std::size_t n = 0;
    for (const Node& node : list ? *list : std::vector<Node>{}) {
        ++n;
        const std::string path = dir + std::string(node.name);
        auto again = img.lookup(path);
        EXPECT_TRUE(again) << path;
        if (node.is_directory()) {
            n += walk(img, path + "/");
        } else if (node.is_regular()) {
            auto data = img.read(path);
            EXPECT_TRUE(data);
            std::size_t sum = 0;
            for (std::byte b : node.data) {
                sum += std::to_integer<std::size_t>(b);
            }
            (void)sum;
        }
    }
    return n;
}

class Corrupt : public ::testing::Test {
  protected:
    void SetUp() override {
        tree_.file("hello.html", "<h1>Hello!</h1>\n");
        tree_.file("sub/big.bin", std::string(2000, 'b'));
        tree_.file("sub/odd.txt", "seventeen bytes!\n");
        tree_.hard_link("hello.html", "sub/link.html");
        good_ = tree_.pack();
        ASSERT_TRUE(Image::open(good_));
        root_ = 32;  // superblock (16) + "test\0" padded to 16
        sub_ = entry_at(good_, root_, "sub");
        hello_ = entry_at(good_, root_, "hello.html");
        big_ = entry_at(good_, sub_, "big.bin");
        odd_ = entry_at(good_, sub_, "odd.txt");
        link_ = entry_at(good_, sub_, "link.html");
        img_ = good_;
    }

    // Rewrites the word at `at` inside the header at `header`, then repairs both checksums so
    // that only the structural check under test can fail.
    void rewrite(std::uint32_t header, std::size_t at, std::uint32_t value) {
        put32(img_, at, value);
        fix_header(img_, header);
        fix_superblock(img_);
    }

    TreeBuilder tree_;
    std::vector<std::byte> good_, img_;
    std::uint32_t root_ = 0, sub_ = 0, hello_ = 0, big_ = 0, odd_ = 0, link_ = 0;
};

TEST_F(Corrupt, TooSmallForASuperblock) {
    auto r = Image::open(std::span(good_).first(8));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().context(), "romfs: image of 8 bytes is smaller than a superblock");
}

TEST_F(Corrupt, BadMagic) {
    img_[3] ^= std::byte{0x20};
    expect_rejected(img_, "romfs: superblock at 0x0: bad magic");
}

TEST_F(Corrupt, SizeBeyondTheSpan) {
    const std::uint32_t size = static_cast<std::uint32_t>(img_.size()) + 16;
    put32(img_, 8, size);
    fix_superblock(img_);
    expect_rejected(img_, "romfs: superblock at 0x0: image size " + hex(size) + " exceeds the " +
                              hex(static_cast<std::uint32_t>(img_.size())) + " bytes given");
}

TEST_F(Corrupt, SuperblockChecksum) {
    img_[17] ^= std::byte{1};  // inside the volume name
    expect_rejected(img_, "romfs: superblock at 0x0: bad checksum");
}

TEST_F(Corrupt, VolumeNameRunsPastTheEnd) {
    put32(img_, 8, 32);
    for (std::size_t i = 16; i < 32; ++i) {
        img_[i] = std::byte{'v'};
    }
    fix_superblock(img_);
    expect_rejected(img_, "romfs: volume name at 0x10: runs past the end of the image");
}

TEST_F(Corrupt, FileHeaderChecksum) {
    for (std::uint32_t header : {hello_, big_, odd_}) {
        img_ = good_;
        img_[header + 16] ^= std::byte{0x01};  // first byte of the name
        fix_superblock(img_);                  // so that only the header's checksum is wrong
        expect_rejected(img_, "romfs: file header at " + hex(header) + ": bad checksum");
    }
}

TEST_F(Corrupt, ChecksumsIgnoredOnRequestButStructureStillChecked) {
    img_[odd_ + 16] ^= std::byte{0x01};  // "odd.txt" -> "ndd.txt", header checksum now wrong
    img_[17] ^= std::byte{0x01};         // and the superblock's
    EXPECT_FALSE(Image::open(img_));
    auto lax = Image::open(img_, Image::Checksums::ignore);
    ASSERT_TRUE(lax) << lax.error().message();
    auto data = lax->read("/sub/ndd.txt");
    ASSERT_TRUE(data) << data.error().message();
    EXPECT_EQ(to_string(*data), "seventeen bytes!\n");

    rewrite(link_, link_ + 4, link_);
    auto loop = Image::open(img_, Image::Checksums::ignore);
    ASSERT_FALSE(loop);
    EXPECT_EQ(loop.error().context(), "romfs: hard link at " + hex(link_) + ": link loop");
}

TEST_F(Corrupt, NextOutOfBounds) {
    const std::uint32_t type = get32(img_, hello_) & 15u;
    rewrite(hello_, hello_, 0x7ffffff0u | type);
    expect_rejected(img_,
                    "romfs: file header at " + hex(hello_) + ": entry 0x7ffffff0 out of bounds");
}

TEST_F(Corrupt, NextMisaligned) {
    // The low 4 bits of `next` hold the type, so a misaligned entry can only come from spec.info.
    rewrite(sub_, sub_ + 4, get32(img_, sub_ + 4) + 4);
    expect_rejected(img_, "romfs: file header at " + hex(sub_) + ": misaligned first entry " +
                              hex(get32(good_, sub_ + 4) + 4));
}

TEST_F(Corrupt, CycleInNextChain) {
    std::uint32_t last = get32(img_, root_ + 4);
    while ((get32(img_, last) & ~15u) != 0) {
        last = get32(img_, last) & ~15u;
    }
    const std::uint32_t type = get32(img_, last) & 15u;
    rewrite(last, last, root_ | type);  // back to the root's first entry
    expect_rejected(img_, "romfs: file header at " + hex(last) + ": entry " + hex(root_) +
                              " already seen (cycle)");
}

TEST_F(Corrupt, DirectoryContainingAnAncestor) {
    rewrite(sub_, sub_ + 4, root_);  // sub's entries are the root's
    expect_rejected(img_, "romfs: file header at " + hex(sub_) + ": entry " + hex(root_) +
                              " already seen (cycle)");
}

TEST_F(Corrupt, HardLinkLoop) {
    rewrite(link_, link_ + 4, link_);
    expect_rejected(img_, "romfs: hard link at " + hex(link_) + ": link loop");
}

TEST_F(Corrupt, HardLinkToADirectory) {
    rewrite(link_, link_ + 4, sub_);  // sub/link.html -> sub: a cycle through the link
    expect_rejected(img_,
                    "romfs: hard link at " + hex(link_) + ": links to directory " + hex(sub_));
}

TEST_F(Corrupt, HardLinkOutOfBounds) {
    rewrite(link_, link_ + 4, 0x00fffff0u);
    expect_rejected(img_, "romfs: hard link at " + hex(link_) + ": target 0xfffff0 out of bounds");
}

TEST_F(Corrupt, HardLinkOutsideTheTree) {
    // Forge a well-formed header inside big.bin's data (16-aligned), and point the link at it.
    const std::uint32_t ghost = big_ + 32;  // header (16) + "big.bin\0" padded (16)
    std::vector<std::byte> forged(32, std::byte{0});
    put32(forged, 0, 2);  // regular file, no next
    const std::string name = "ghost";
    for (std::size_t i = 0; i < name.size(); ++i) {
        forged[16 + i] = static_cast<std::byte>(name[i]);
    }
    std::copy(forged.begin(), forged.end(), img_.begin() + ghost);
    fix_header(img_, ghost);
    fix_header(img_, big_);
    rewrite(link_, link_ + 4, ghost);
    expect_rejected(img_, "romfs: hard link at " + hex(link_) + ": target " + hex(ghost) +
                              " is not in the tree");
}

TEST_F(Corrupt, DataPastTheEnd) {
    rewrite(odd_, odd_ + 8, 0x100000);
    expect_rejected(img_, "romfs: file header at " + hex(odd_) +
                              ": data of 1048576 bytes runs past the end of the image");
}

TEST_F(Corrupt, NameRunsPastTheEnd) {
    // Cut the image inside hello.html's name, keeping the superblock consistent.
    const std::uint32_t cut = hello_ + 16 + 3;
    img_.resize(cut);
    put32(img_, 8, cut);
    fix_superblock(img_);
    // genromfs lays headers out in walk order, so hello.html's is the first one past the cut
    // that the reader meets.
    expect_rejected(
        img_, "romfs: file header at " + hex(hello_) + ": name runs past the end of the image");
}

TEST_F(Corrupt, NameLongerThan255) {
    for (std::size_t i = 0; i < 300; ++i) {
        img_[big_ + 16 + i] = std::byte{'x'};  // name and data, no NUL
    }
    fix_superblock(img_);
    expect_rejected(img_, "romfs: file header at " + hex(big_) + ": name longer than 255 bytes");
}

TEST_F(Corrupt, RootNotADirectory) {
    const std::uint32_t next = get32(img_, root_) & ~15u;
    rewrite(root_, root_, next | 2);
    expect_rejected(img_, "romfs: file header at " + hex(root_) + ": root is not a directory");
}

TEST_F(Corrupt, EveryTruncationIsRejectedCleanly) {
    const auto want_hello = Image::open(good_)->read("/hello.html");
    ASSERT_TRUE(want_hello);
    const std::string hello = to_string(*want_hello);
    // What a truncation must keep: all file data (headers may follow it, as hard links do).
    auto img = Image::open(good_);
    std::size_t data_end = 0;
    for (const char* path : {"/hello.html", "/sub/big.bin", "/sub/odd.txt"}) {
        auto n = img->lookup(path);
        ASSERT_TRUE(n);
        data_end = std::max<std::size_t>(
            data_end, static_cast<std::size_t>(n->data.data() + n->data.size() -
                                               reinterpret_cast<const std::byte*>(good_.data())));
    }
    const std::size_t size = get32(good_, 8);
    std::size_t first_ok = 0;
    for (std::size_t len = 0; len <= size; ++len) {
        // Plain truncation: the superblock's size no longer fits.
        if (len < size) {
            ASSERT_FALSE(Image::open(std::span(good_).first(len))) << len;
        }

        // Truncation with the size rewritten and the checksum repaired: deeper checks must catch
        // it, or the image must still be whole.
        std::vector<std::byte> cut(good_.begin(), good_.begin() + static_cast<std::ptrdiff_t>(len));
        if (len >= 16) {
            put32(cut, 8, static_cast<std::uint32_t>(len));
            fix_superblock(cut);
        }
        auto r = Image::open(cut);
        if (r) {
            if (first_ok == 0) {
                first_ok = len;
            }
            EXPECT_EQ(walk(*r, "/"), 5u) << len;
            auto h = r->read("/hello.html");
            ASSERT_TRUE(h) << len;
            EXPECT_EQ(to_string(*h), hello);
        } else {
            EXPECT_EQ(r.error().code(), std::errc::illegal_byte_sequence) << len;
            EXPECT_EQ(first_ok, 0u) << "rejected " << len << " after accepting " << first_ok;
        }
    }
    EXPECT_GE(first_ok, data_end);
    EXPECT_LE(first_ok, size);
}

TEST_F(Corrupt, EveryByteFlipIsRejectedOrHarmless) {
    const std::size_t size = get32(good_, 8);
    for (std::size_t i = 0; i < size; ++i) {
        for (std::byte mask : {std::byte{0x01}, std::byte{0x80}, std::byte{0xff}}) {
            std::vector<std::byte> img = good_;
            img[i] ^= mask;
            auto raw = Image::open(img);
            if (i < 512) {
                EXPECT_FALSE(raw) << i;  // the superblock checksum covers it
            }
            if (i >= 12 && i < 16) {
                continue;  // the checksum itself: repairing it would undo the flip
            }
            fix_superblock(img);
            auto r = Image::open(img);
            if (r) {
                walk(*r, "/");
            } else {
                EXPECT_EQ(r.error().code(), std::errc::illegal_byte_sequence) << i;
                EXPECT_EQ(r.error().context().rfind("romfs: ", 0), 0u) << r.error().context();
            }
        }
    }
}

}  // namespace
}  // namespace mcustd::romfs
