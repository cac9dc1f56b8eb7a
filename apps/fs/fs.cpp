// fs: what a std::filesystem / <fstream> user expects on a device, the same on the Linux host.
//
//   fs FILE                        print FILE through std::ifstream (MCU: /rom/hello.html)
//   fs --tree DIR                  the tree below DIR with file sizes
//                                  (recursive_directory_iterator)
//   fs --copy FROM TO              std::filesystem::copy_file (MCU: /rom/hello.html /tmp/a)
//   fs --write FILE TEXT           write TEXT with std::ofstream, read it back (ifstream)
//   fs --image IMAGE PATH          print PATH from the ROMFS image file IMAGE (base/romfs)
//   fs --image IMAGE --list DIR    list directory DIR of the image
//
// Errors name the path and the reason on stderr and exit 1 ("fs: /tmp: No such file or
// directory" where a writable /tmp is not mounted); bad arguments print usage, exit 2.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "mcustd/romfs/image_file.hpp"

using fs_app::fail;
using fs_app::kOk;
using fs_app::kUsage;

int fs_app::fail(const std::string& message) {
    std::cerr << "fs: " << message << '\n';
    return kFailed;
}

namespace {

int usage() {
    std::cerr << "usage: fs FILE\n"
                 "       fs --tree DIR\n"
                 "       fs --copy FROM TO\n"
                 "       fs --write FILE TEXT\n"
                 "       fs --image IMAGE PATH\n"
                 "       fs --image IMAGE --list DIR\n";
    return kUsage;
}

int print_file(const std::string& path) {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(path + ": " + std::strerror(errno != 0 ? errno : EIO));
    }
    // Explicit reads, not `cout << rdbuf()`: that would hide a read error (e.g. a directory) in
    // cout's state. The buffer is on the heap to keep the MCU stack small.
    std::vector<char> buf(4096);
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
        std::cout.write(buf.data(), in.gcount());
    }
    if (in.bad()) {
        return fail(path + ": " + std::strerror(errno != 0 ? errno : EIO));
    }
    std::cout.flush();
    return std::cout ? kOk : fail(path + ": write error");
}

// "drwxr-xr-x" from an st_mode.
std::string mode_string(std::uint32_t mode) {
    std::string s = "----------";
    switch (mode & mcustd::romfs::kModeTypeMask) {
        case mcustd::romfs::kModeDir:
            s[0] = 'd';
            break;
        case mcustd::romfs::kModeSymlink:
            s[0] = 'l';
            break;
        case mcustd::romfs::kModeRegular:
            break;
        default:
            s[0] = '?';
            break;
    }
    static constexpr char kBits[] = "rwxrwxrwx";
    for (int i = 0; i < 9; ++i) {
        if (mode & (0400u >> i)) {
            s[1 + i] = kBits[i];
        }
    }
    return s;
}

int from_image(const std::string& image_path, std::string_view path, bool list) {
    auto file = mcustd::romfs::ImageFile::load(image_path);
    if (!file) {
        return fail(file.error().message());
    }
    const auto& image = file->image();
    if (list) {
        auto entries = image.list(path);
        if (!entries) {
            return fail(image_path + ": " + entries.error().message());
        }
        for (const auto& e : *entries) {
            char size[16];
            std::snprintf(size, sizeof size, "%8u", static_cast<unsigned>(e.size));
            std::cout << mode_string(e.mode) << ' ' << size << ' ' << e.name
                      << (e.is_directory() ? "/" : "") << '\n';
        }
        std::cout.flush();
        return kOk;
    }
    auto data = image.read(path);
    if (!data) {
        return fail(image_path + ": " + data.error().message());
    }
    std::cout.write(reinterpret_cast<const char*>(data->data()),
                    static_cast<std::streamsize>(data->size()));
    std::cout.flush();
    return kOk;
}

}  // namespace

int fs_main(int argc, char** argv) {
    if (argc == 2 && argv[1][0] != '-') {
        return print_file(argv[1]);
    }
    const std::string_view mode = argc >= 2 ? argv[1] : "";
    if (argc == 3 && mode == "--tree") {
        return fs_app::tree(argv[2]);
    }
    if (argc == 4 && mode == "--copy") {
        return fs_app::copy(argv[2], argv[3]);
    }
    if (argc == 4 && mode == "--write") {
        return fs_app::write_and_read_back(argv[2], argv[3]);
    }
    if (argc == 4 && std::string_view(argv[1]) == "--image" && argv[3][0] != '-') {
        return from_image(argv[2], argv[3], false);
    }
    if (argc == 5 && std::string_view(argv[1]) == "--image" &&
        std::string_view(argv[3]) == "--list") {
        return from_image(argv[2], argv[4], true);
    }
    return usage();
}
