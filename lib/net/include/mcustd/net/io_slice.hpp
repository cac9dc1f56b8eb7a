// IoSlice: one buffer of a vectored write (TcpStream::writev), like Rust's IoSlice. Non-owning.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace mcustd::net {

struct IoSlice {
    const void* data = nullptr;
    std::size_t size = 0;

    IoSlice() noexcept = default;
    IoSlice(const void* d, std::size_t n) noexcept : data(d), size(n) {}
    IoSlice(std::string_view s) noexcept : data(s.data()), size(s.size()) {}  // NOLINT: implicit
    IoSlice(std::span<const std::byte> s) noexcept  // NOLINT: implicit by design
        : data(s.data()), size(s.size()) {}
};

}  // namespace mcustd::net
