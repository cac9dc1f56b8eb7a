// RomfsSite: a Site over a genromfs image in memory. At creation every regular file is indexed
// once (path, data span, ETag from the file's content tag), so a request is a binary search and
// its body a zero-copy span of the image.
//
// On a Unix host, a site made from an image file (open_site) also keeps the file open: files of
// at least kFileBodyMin bytes then go out as File bodies (a dup of that descriptor, the data's
// offset in the image, its size) so the engine can sendfile them from the page cache instead of
// copying them out of the heap copy. The heap copy is what Image::open verified, so the file on
// disk must not change while the site serves it. Smaller files stay Memory bodies (head and body
// in one write). The MCU never has an image descriptor: its bodies are spans of flash, unchanged.
#pragma once

#include <cstddef>
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
    // `image` must outlive the site (e.g. an array linked into the firmware).
    [[nodiscard]] static Result<std::unique_ptr<RomfsSite>> create(
        std::span<const std::byte> image);
    // Takes ownership of an image loaded from a file (romfs::ImageFile::load).
    [[nodiscard]] static Result<std::unique_ptr<RomfsSite>> create(romfs::ImageFile file);
    // As above, plus `image_fd`: the same file, open for reading, whose bytes equal the loaded
    // image (open_site checks that). Unix hosts only; elsewhere the descriptor is just closed.
    [[nodiscard]] static Result<std::unique_ptr<RomfsSite>> create(romfs::ImageFile file,
                                                                   FileHandle image_fd);

    // Below this a body is a span of the heap copy: one write beats dup + sendfile + close.
    static constexpr std::size_t kFileBodyMin = std::size_t{16} << 10;

    [[nodiscard]] FileLookup lookup(std::string_view path, std::span<char> scratch) const override;

    struct Entry {
        std::string path;  // "/dir/file.html"; directories end without '/'
        bool is_directory = false;
        std::span<const std::byte> data;
        std::string etag;  // quoted
    };

  private:
    struct Key {
        explicit Key() = default;
    };

  public:
    explicit RomfsSite(Key) {}  // only create() can make one

  private:
    Result<void> index(const romfs::Image& image);
    std::vector<Entry> entries_;             // sorted by path
    std::optional<romfs::ImageFile> owned_;  // the image, when the site owns it
    FileHandle image_fd_;                    // owned_'s file on disk, when bodies may use it
};

}  // namespace mcustd::http
