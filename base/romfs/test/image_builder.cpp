#include "image_builder.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace mcustd::romfs::test {

namespace fs = std::filesystem;

TreeBuilder::TreeBuilder() {
    std::string pattern = (fs::temp_directory_path() / "romfs-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    root_ = pattern;
}

TreeBuilder::~TreeBuilder() {
    std::error_code ec;
    fs::remove_all(root_, ec);
}

void TreeBuilder::file(const std::string& path, std::string_view contents) {
    fs::create_directories((root_ / "tree" / path).parent_path());
    std::ofstream out(root_ / "tree" / path, std::ios::binary);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
}

void TreeBuilder::dir(const std::string& path) {
    fs::create_directories(root_ / "tree" / path);
}

void TreeBuilder::hard_link(const std::string& existing, const std::string& path) {
    fs::create_directories((root_ / "tree" / path).parent_path());
    fs::create_hard_link(root_ / "tree" / existing, root_ / "tree" / path);
}

void TreeBuilder::symlink(const std::string& target, const std::string& path) {
    fs::create_directories((root_ / "tree" / path).parent_path());
    fs::create_symlink(target, root_ / "tree" / path);
}

std::vector<std::byte> TreeBuilder::pack(const std::string& volume,
                                         const std::string& options) const {
    fs::create_directories(root_ / "tree");
    const fs::path image = root_ / "image.romfs";
    const std::string cmd = std::string("'") + MCUSTD_GENROMFS + "' -f '" + image.string() +
                            "' -d '" + (root_ / "tree").string() + "' -V '" + volume + "' " +
                            options;
    if (std::system(cmd.c_str()) != 0) {
        throw std::runtime_error("genromfs failed: " + cmd);
    }
    std::ifstream in(image, std::ios::binary);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> bytes(chars.size());
    std::transform(chars.begin(), chars.end(), bytes.begin(),
                   [](char c) { return static_cast<std::byte>(c); });
    return bytes;
}

std::string to_string(std::span<const std::byte> bytes) {
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::uint32_t get32(const std::vector<std::byte>& img, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        v = (v << 8) | std::to_integer<std::uint32_t>(img.at(at + i));
    }
    return v;
}

void put32(std::vector<std::byte>& img, std::size_t at, std::uint32_t value) {
    for (std::size_t i = 0; i < 4; ++i) {
        img.at(at + i) = static_cast<std::byte>(value >> (24 - 8 * i));
    }
}

namespace {

// Sets the word at `sum_at` so that the words in [begin, begin + len) add up to zero.
void fix_sum(std::vector<std::byte>& img, std::size_t begin, std::size_t len, std::size_t sum_at) {
    put32(img, sum_at, 0);
    std::uint32_t sum = 0;
    for (std::size_t i = begin; i + 4 <= begin + len; i += 4) {
        sum += get32(img, i);
    }
    put32(img, sum_at, 0u - sum);
}

}  // namespace

void fix_superblock(std::vector<std::byte>& img) {
    const std::size_t size = std::min<std::size_t>(get32(img, 8), img.size());
    fix_sum(img, 0, std::min<std::size_t>(size, 512) & ~std::size_t{3}, 12);
}

void fix_header(std::vector<std::byte>& img, std::size_t offset) {
    std::size_t len = 0;
    while (img.at(offset + 16 + len) != std::byte{0}) {
        ++len;
    }
    fix_sum(img, offset, 16 + ((len + 1 + 15) & ~std::size_t{15}), offset + 12);
}

}  // namespace mcustd::romfs::test
