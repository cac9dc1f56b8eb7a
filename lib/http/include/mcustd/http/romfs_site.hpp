// RomfsSite: a Site over a genromfs image in memory. At creation every regular file is indexed
// once (path, data span, ETag from the file's content tag), so a request is a binary search and
// its body a zero-copy span of the image.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "mcustd/http/site.hpp"
#include "mcustd/result.hpp"
#include "mcustd/romfs/image.hpp"
#include "mcustd/romfs/image_file.hpp"

namespace mcustd::http {

class RomfsSite final : public Site {
  public:
    // `image` must outlive the site (e.g. an array linked into the firmware). `build_time`
    // (seconds since the epoch), if given, is every file's Last-Modified: a genromfs image
    // records no times, so without it no Last-Modified is sent (ETags still validate).
    [[nodiscard]] static Result<std::unique_ptr<RomfsSite>> create(
        std::span<const std::byte> image, std::optional<std::int64_t> build_time = std::nullopt);
    // Takes ownership of an image loaded from a file (romfs::ImageFile::load).
    [[nodiscard]] static Result<std::unique_ptr<RomfsSite>> create(
        romfs::ImageFile file, std::optional<std::int64_t> build_time = std::nullopt);

    [[nodiscard]] FileLookup lookup(std::string_view path, std::span<char> scratch) const override;

    struct Entry {
        std::string path;  // "/dir/file.html"; directories end without '/'
        bool is_directory = false;
        std::span<const std::byte> data;
        std::string etag;        // quoted
        std::uint32_t hash = 0;  // of path (FNV-1a): the lookup compares numbers, then one path
    };

  private:
    struct Key {
        explicit Key() = default;
    };

  public:
    explicit RomfsSite(Key) {}  // only create() can make one

  private:
    Result<void> index(const romfs::Image& image);
    std::vector<Entry> entries_;             // sorted by hash, then path
    std::optional<romfs::ImageFile> owned_;  // the image, when the site owns it
    std::optional<std::int64_t> build_time_;
};

}  // namespace mcustd::http
