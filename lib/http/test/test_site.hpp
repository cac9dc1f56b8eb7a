// Test fixtures: a temporary directory tree, and a romfs image made from it by genromfs.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace mcustd::http::test {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
    // Writes `content` to `relative` (parents created).
    void write(const std::string& relative, const std::string& content) const;

  private:
    std::filesystem::path path_;
};

// Runs genromfs over `dir` and returns the image bytes (test failure if genromfs fails).
std::vector<std::byte> make_romfs(const std::filesystem::path& dir);

}  // namespace mcustd::http::test
