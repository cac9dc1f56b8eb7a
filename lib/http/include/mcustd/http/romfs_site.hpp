// RomfsSite: a Site over a genromfs image in memory. At creation every regular file is indexed
// once (path, data span, ETag from the file's content tag), so a request is a binary search and
// its body a zero-copy span of the image.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "mcustd/http/site.hpp"
#include "mcustd/result.hpp"

namespace mcustd::http {

class RomfsSite final : public Site {
  public:
    // `image` must outlive the site (a linked-in array, or the vector open_site() keeps).
    [[nodiscard]] static Result<std::unique_ptr<RomfsSite>> create(
        std::span<const std::byte> image);

    [[nodiscard]] FileLookup lookup(std::string_view path, std::span<char> scratch) const override;

    struct Entry {
        std::string path;  // "/dir/file.html"; directories end without '/'
        bool is_directory = false;
        std::span<const std::byte> data;
        std::string etag;  // quoted
    };

  private:
    RomfsSite() = default;
    std::vector<Entry> entries_;          // sorted by path
    std::vector<std::byte> owned_image_;  // set by open_site() when it loaded the image itself
    friend Result<std::unique_ptr<Site>> open_site(const std::string& path);
};

}  // namespace mcustd::http
