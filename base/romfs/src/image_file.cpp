#include "mcustd/romfs/image_file.hpp"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <system_error>

namespace mcustd::romfs {

namespace {

Error load_error(const std::string& path) {
    const int err = errno != 0 ? errno : EIO;  // a short read sets no errno; call it I/O
    return Error::from_errno("romfs load " + path, err);
}

struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

}  // namespace

// <cstdio> rather than <fstream>: on the MCU an ifstream drags in the whole locale machinery
// (~150 KB of flash) while stdio is linked anyway.
Result<ImageFile> ImageFile::load(const std::string& path) {
    errno = 0;
    const std::unique_ptr<std::FILE, FileCloser> in(std::fopen(path.c_str(), "rb"));
    if (!in || std::fseek(in.get(), 0, SEEK_END) != 0) {
        return load_error(path);
    }
    const long size = std::ftell(in.get());
    if (size < 0 || std::fseek(in.get(), 0, SEEK_SET) != 0) {
        return load_error(path);
    }
    std::vector<std::byte> bytes(static_cast<std::size_t>(size));
    if (std::fread(bytes.data(), 1, bytes.size(), in.get()) != bytes.size()) {
        return load_error(path);
    }
    auto image = Image::open(bytes);
    if (!image) {
        return image.error();
    }
    return ImageFile(std::move(bytes), std::move(image.value()));
}

}  // namespace mcustd::romfs
