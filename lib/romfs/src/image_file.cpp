#include "mcustd/romfs/image_file.hpp"

#include <cerrno>
#include <fstream>
#include <system_error>

namespace mcustd::romfs {

namespace {

Error load_error(const std::string& path) {
    const int err = errno != 0 ? errno : EIO;  // iostreams do not promise errno; assume I/O
    return Error::from_errno("romfs load " + path, err);
}

}  // namespace

Result<ImageFile> ImageFile::load(const std::string& path) {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return load_error(path);
    }
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size < 0 || !in) {
        return load_error(path);
    }
    std::vector<std::byte> bytes(static_cast<std::size_t>(size));
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) {
        return load_error(path);
    }
    auto image = Image::open(bytes);
    if (!image) {
        return image.error();
    }
    return ImageFile(std::move(bytes), std::move(image.value()));
}

}  // namespace mcustd::romfs
