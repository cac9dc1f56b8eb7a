// libFuzzer target: opens the input as a ROMFS image and, when it is accepted, visits every entry
// (list, lookup by path, read, etag) and touches every data byte, so ASan sees any stray read.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "mcustd/romfs/image.hpp"

namespace {

volatile std::uint8_t g_sink;  // keeps the data reads from being optimised away

void touch(std::span<const std::byte> data) {
    std::uint8_t x = 0;
    for (std::byte b : data) {
        x ^= std::to_integer<std::uint8_t>(b);
    }
    g_sink = x;
}

void visit(const mcustd::romfs::Image& image) {
    std::vector<std::string> dirs{"/"};  // explicit stack: the tree's depth is attacker-chosen
    std::size_t budget = 2000;           // bounds the work per input
    while (!dirs.empty() && budget > 0) {
        const std::string dir = std::move(dirs.back());
        dirs.pop_back();
        auto entries = image.list(dir);
        if (!entries) {
            continue;  // e.g. deeper than kMaxDepth
        }
        for (const auto& e : *entries) {
            if (--budget == 0) {
                break;
            }
            const std::string path = dir + std::string(e.name);
            // open() verified the whole image: a lookup may miss (duplicate names, depth) but
            // must never meet corruption.
            auto again = image.lookup(path);
            if (!again && again.error().code() == std::errc::illegal_byte_sequence) {
                __builtin_trap();
            }
            touch(e.data);
            (void)mcustd::romfs::etag(e);
            if (e.is_directory()) {
                dirs.push_back(path + "/");
            } else if (e.is_regular()) {
                auto data = image.read(path + "/..");  // never a directory's parent
                (void)data;
            }
        }
    }
    for (const char* path : {"/", "/hello.html", "/a/../b/./c", "//x//", "/..", "relative"}) {
        auto node = image.lookup(path);
        if (node) {
            touch(node->data);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span bytes(reinterpret_cast<const std::byte*>(data), size);
    using Checksums = mcustd::romfs::Image::Checksums;
    // With checksums ignored, mutations reach the structural checks instead of dying at the
    // first checksum; verified mode then covers the checksum code itself.
    for (Checksums mode : {Checksums::verify, Checksums::ignore}) {
        auto image = mcustd::romfs::Image::open(bytes, mode);
        if (image) {
            visit(*image);
        }
    }
    return 0;
}
