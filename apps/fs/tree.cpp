// fs --tree DIR: a directory tree with file sizes, through recursive_directory_iterator (on the
// MCU the port's replacement for the prebuilt stub, port/fsdir).
#include <cstdint>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <string>
#include <system_error>

#include "commands.hpp"

namespace fs = std::filesystem;

int fs_app::tree(const std::string& dir) {
    std::error_code ec;
    std::uintmax_t files = 0;
    std::uintmax_t dirs = 0;
    std::uintmax_t bytes = 0;
    // The error_code overloads: a directory that cannot be read ends the listing with its
    // reason, not with an exception from the middle of it.
    for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied,
                                             ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string below = it->path().lexically_relative(dir).generic_string();
        if (it->is_directory(ec)) {
            ++dirs;
            std::cout << std::setw(10) << '-' << "  " << below << "/\n";
            continue;
        }
        const std::uintmax_t size = it->is_regular_file(ec) ? it->file_size(ec) : 0;
        if (ec) {
            return fail(it->path().string() + ": " + ec.message());
        }
        ++files;
        bytes += size;
        std::cout << std::setw(10) << size << "  " << below << '\n';
    }
    if (ec) {
        return fail(dir + ": " + ec.message());
    }
    std::cout << files << " files, " << dirs << " directories, " << bytes << " bytes" << std::endl;
    return std::cout ? kOk : fail("stdout: write error");
}
