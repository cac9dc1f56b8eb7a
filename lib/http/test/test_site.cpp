#include "test_site.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

namespace mcustd::http::test {

TempDir::TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "mcustd-http-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");  // a broken test machine, not a test result
    }
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

void TempDir::write(const std::string& relative, const std::string& content) const {
    const std::filesystem::path p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
}

std::vector<std::byte> make_romfs(const std::filesystem::path& dir) {
    TempDir out;
    const std::filesystem::path image = out.path() / "site.romfs";
    const std::string cmd = std::string(MCUSTD_GENROMFS) + " -f '" + image.string() + "' -d '" +
                            dir.string() + "' -V test";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(image, std::ios::binary);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> bytes(chars.size());
    std::memcpy(bytes.data(), chars.data(), chars.size());
    return bytes;
}

std::string read_body(const Body& b) {
    if (b.kind == Body::Kind::Memory) {
        return {reinterpret_cast<const char*>(b.memory.data()), b.memory.size()};
    }
    if (b.kind == Body::Kind::File) {
        std::string s(b.length, '\0');
        const ssize_t n = ::pread(b.fd(), s.data(), s.size(), static_cast<off_t>(b.offset));
        EXPECT_EQ(n, static_cast<ssize_t>(s.size()));
        return s;
    }
    return {};
}

}  // namespace mcustd::http::test
