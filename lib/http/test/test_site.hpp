// Test fixtures: a temporary directory tree, a romfs image made from it by genromfs, and a
// response body read back whatever its kind.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "mcustd/http/response.hpp"

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

// The bytes a body would send: its memory, or `length` bytes of its file at `offset` (pread: the
// file position is untouched); empty for no body.
std::string read_body(const Body& b);

}  // namespace mcustd::http::test
