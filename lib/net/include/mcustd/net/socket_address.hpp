// SocketAddress: an IPv4 or IPv6 address plus port, parsed and printed without name resolution
// (inet_pton/inet_ntop only: lwIP has no resolver configured, and tests need none).
//
//     auto a = SocketAddress::parse("127.0.0.1:7878");   // IPv4
//     auto b = SocketAddress::parse("[::1]:7878");       // IPv6: brackets required
//     b->to_string() == "[::1]:7878"
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "mcustd/result.hpp"

namespace mcustd::net {

class SocketAddress {
  public:
    // The unspecified address (family AF_UNSPEC); useful only as a placeholder.
    SocketAddress() noexcept;

    // "a.b.c.d:port" or "[ipv6]:port". Errors (invalid_argument) name the text.
    static Result<SocketAddress> parse(std::string_view text);
    // A bare IP ("127.0.0.1", "::1", no brackets) and a port.
    static Result<SocketAddress> from_ip(std::string_view ip, std::uint16_t port);
    // From what accept/getsockname filled in; AF_UNSPEC if the family is neither v4 nor v6.
    static SocketAddress from_native(const sockaddr* addr, socklen_t len) noexcept;

    static SocketAddress ipv4_loopback(std::uint16_t port) noexcept;
    static SocketAddress ipv6_loopback(std::uint16_t port) noexcept;
    static SocketAddress ipv4_any(std::uint16_t port) noexcept;

    [[nodiscard]] int family() const noexcept { return storage_.any.sa_family; }
    [[nodiscard]] bool is_ipv4() const noexcept { return family() == AF_INET; }
    [[nodiscard]] bool is_ipv6() const noexcept { return family() == AF_INET6; }
    [[nodiscard]] std::uint16_t port() const noexcept;
    void set_port(std::uint16_t port) noexcept;

    // "127.0.0.1" / "::1" (no brackets, no port).
    [[nodiscard]] std::string ip_string() const;
    // "127.0.0.1:7878" / "[::1]:7878"; "<unspecified>" for the placeholder.
    [[nodiscard]] std::string to_string() const;

    [[nodiscard]] const sockaddr* native() const noexcept { return &storage_.any; }
    [[nodiscard]] socklen_t native_size() const noexcept;

    friend bool operator==(const SocketAddress& a, const SocketAddress& b) noexcept;

  private:
    // A union of the two families rather than sockaddr_storage (128 bytes): 28 bytes on the MCU.
    union Storage {
        sockaddr any;
        sockaddr_in v4;
        sockaddr_in6 v6;
    } storage_;
};

}  // namespace mcustd::net
