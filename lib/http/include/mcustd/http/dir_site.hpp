// DirSite: a Site over a directory on disk. A lookup opens the file (O_NOFOLLOW where the platform
// has it) and returns the descriptor as a File body, so the engine can sendfile() it. Symbolic
// links are refused anywhere under the root (each intermediate directory is checked with lstat),
// so no link can lead outside it. The ETag is made from size and mtime. POSIX calls only
// (open, fstat, lstat, close): the ones a newlib/lwIP system also has.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "mcustd/http/site.hpp"
#include "mcustd/result.hpp"

namespace mcustd::http {

class DirSite final : public Site {
  public:
    // Fails (naming the path) if `root` is not a directory.
    [[nodiscard]] static Result<std::unique_ptr<DirSite>> create(std::string root);

    [[nodiscard]] FileLookup lookup(std::string_view path, std::span<char> scratch) const override;

  private:
    struct Key {
        explicit Key() = default;
    };

  public:
    DirSite(Key, std::string root) : root_(std::move(root)) {}  // only create() can make one

  private:
    std::string root_;  // without trailing '/'
};

// `--site IMAGE|DIR`: a directory becomes a DirSite; a file is read into memory as a romfs image
// and becomes a RomfsSite that owns it. Errors name the path.
[[nodiscard]] Result<std::unique_ptr<Site>> open_site(const std::string& path);

}  // namespace mcustd::http
