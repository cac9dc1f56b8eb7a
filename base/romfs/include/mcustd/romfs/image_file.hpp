// An Image read from a file into memory: for hosts and tests, where the image is not in flash.
//
//     auto file = mcustd::romfs::ImageFile::load("build/host/site/site.romfs");
//     auto page = file->image().lookup("/hello.html");
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mcustd/result.hpp"
#include "mcustd/romfs/image.hpp"

namespace mcustd::romfs {

class ImageFile {
  public:
    // Reads the whole file and opens it as an image. Errors: the open/read errno with context
    // "romfs load <path>", or the Image::open error for a corrupt image.
    static Result<ImageFile> load(const std::string& path);

    [[nodiscard]] const Image& image() const noexcept { return image_; }

    // Moving keeps the heap buffer (and so every span into it) where it is; copying would not.
    ImageFile(ImageFile&&) noexcept = default;
    ImageFile& operator=(ImageFile&&) noexcept = default;
    ImageFile(const ImageFile&) = delete;
    ImageFile& operator=(const ImageFile&) = delete;
    ~ImageFile() = default;

  private:
    ImageFile(std::vector<std::byte> bytes, Image image)
        : bytes_(std::move(bytes)), image_(std::move(image)) {}

    std::vector<std::byte> bytes_;
    Image image_;
};

}  // namespace mcustd::romfs
