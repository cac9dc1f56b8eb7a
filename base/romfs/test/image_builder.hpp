// Test helper: builds a directory tree in a fresh temporary directory and packs it with genromfs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mcustd::romfs::test {

class TreeBuilder {
  public:
    TreeBuilder();
    ~TreeBuilder();
    TreeBuilder(const TreeBuilder&) = delete;
    TreeBuilder& operator=(const TreeBuilder&) = delete;

    // Paths are relative to the tree's root; parent directories are created as needed.
    void file(const std::string& path, std::string_view contents);
    void dir(const std::string& path);
    void hard_link(const std::string& existing, const std::string& path);
    void symlink(const std::string& target, const std::string& path);

    // Runs genromfs over the tree and returns the image bytes; `options` go to genromfs as they
    // are (e.g. "-a 64").
    [[nodiscard]] std::vector<std::byte> pack(const std::string& volume = "test",
                                              const std::string& options = "") const;

    // A path for scratch files outside the tree, removed with it.
    [[nodiscard]] std::filesystem::path scratch(const std::string& name) const {
        return root_ / name;
    }

  private:
    std::filesystem::path root_;
};

std::string to_string(std::span<const std::byte> bytes);

// Big-endian word access and checksum repair, for corrupting images on purpose.
std::uint32_t get32(const std::vector<std::byte>& img, std::size_t at);
void put32(std::vector<std::byte>& img, std::size_t at, std::uint32_t value);
// Makes the superblock checksum right again (after edits in the first 512 bytes or to the size).
void fix_superblock(std::vector<std::byte>& img);
// Makes the checksum of the file header at `offset` right again.
void fix_header(std::vector<std::byte>& img, std::size_t offset);

}  // namespace mcustd::romfs::test
