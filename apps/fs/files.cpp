// fs --copy and fs --write: creating files through std::filesystem::copy_file and
// std::ofstream / std::ifstream (on the MCU, in a writable file system such as /tmp).
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <system_error>

#include "commands.hpp"

namespace fs = std::filesystem;

namespace {

// The directory a new file goes in must exist. Checked first so that the message names what is
// missing ("fs: /tmp: No such file or directory") rather than the file that could not be made.
bool parent_exists(const fs::path& file, int& status) {
    const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    std::error_code ec;
    const fs::file_status st = fs::status(dir, ec);
    if (ec) {
        status = fs_app::fail(dir.string() + ": " + ec.message());
        return false;
    }
    if (!fs::is_directory(st)) {
        status = fs_app::fail(dir.string() + ": " +
                              std::make_error_code(std::errc::not_a_directory).message());
        return false;
    }
    return true;
}

// errno as text after a failed stream operation (EIO if the library left errno alone).
std::string last_error() {
    return std::strerror(errno != 0 ? errno : EIO);
}

}  // namespace

int fs_app::copy(const std::string& from, const std::string& to) {
    int status = kOk;
    if (!parent_exists(to, status)) {
        return status;
    }
    std::error_code ec;
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec) {
        return fail(from + " -> " + to + ": " + ec.message());
    }
    const std::uintmax_t size = fs::file_size(to, ec);
    if (ec) {
        return fail(to + ": " + ec.message());
    }
    std::cout << "copied " << size << " bytes from " << from << " to " << to << std::endl;
    return std::cout ? kOk : fail("stdout: write error");
}

int fs_app::write_and_read_back(const std::string& file, const std::string& text) {
    int status = kOk;
    if (!parent_exists(file, status)) {
        return status;
    }
    const std::string written = text + '\n';
    {
        errno = 0;
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        if (!out) {
            return fail(file + ": " + last_error());
        }
        out.write(written.data(), static_cast<std::streamsize>(written.size()));
        out.close();  // flushes: a full disk shows up here
        if (!out) {
            return fail(file + ": write: " + last_error());
        }
    }
    errno = 0;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return fail(file + ": " + last_error());
    }
    const std::string read((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        return fail(file + ": read: " + last_error());
    }
    if (read != written) {
        return fail(file + ": read back " + std::to_string(read.size()) + " bytes, not the " +
                    std::to_string(written.size()) + " written");
    }
    std::cout << "wrote " << written.size() << " bytes to " << file << " and read them back"
              << std::endl;
    return std::cout ? kOk : fail("stdout: write error");
}
