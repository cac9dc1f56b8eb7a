#include "mcustd/net/socket_address.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <system_error>

namespace mcustd::net {
namespace {

Error parse_error(std::string_view what, std::string_view text) {
    std::string ctx(what);
    ctx += " \"";
    ctx += text;
    ctx += '"';
    return Error(std::make_error_code(std::errc::invalid_argument), std::move(ctx));
}

bool parse_port(std::string_view s, std::uint16_t& port) {
    if (s.empty() || s.size() > 5) {
        return false;
    }
    unsigned value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size() || value > 65535) {
        return false;
    }
    port = static_cast<std::uint16_t>(value);
    return true;
}

}  // namespace

SocketAddress::SocketAddress() noexcept {
    std::memset(&storage_, 0, sizeof storage_);
    storage_.any.sa_family = AF_UNSPEC;
}

Result<SocketAddress> SocketAddress::from_ip(std::string_view ip, std::uint16_t port) {
    // inet_pton needs a NUL-terminated string; the longest textual IPv6 address is 45 chars.
    char buf[64];
    if (ip.empty() || ip.size() >= sizeof buf) {
        return parse_error("parse IP address", ip);
    }
    std::memcpy(buf, ip.data(), ip.size());
    buf[ip.size()] = '\0';

    SocketAddress a;
    if (::inet_pton(AF_INET, buf, &a.storage_.v4.sin_addr) == 1) {
        a.storage_.v4.sin_family = AF_INET;
    } else if (::inet_pton(AF_INET6, buf, &a.storage_.v6.sin6_addr) == 1) {
        a.storage_.v6.sin6_family = AF_INET6;
    } else {
        return parse_error("parse IP address", ip);
    }
    a.set_port(port);
    return a;
}

Result<SocketAddress> SocketAddress::parse(std::string_view text) {
    std::string_view host;
    std::string_view port_text;
    if (!text.empty() && text.front() == '[') {
        auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            return parse_error("parse socket address", text);
        }
        host = text.substr(1, close - 1);
        port_text = text.substr(close + 2);
        // Brackets are for IPv6 only; "[1.2.3.4]:80" is rejected like Rust does.
        if (host.find(':') == std::string_view::npos) {
            return parse_error("parse socket address", text);
        }
    } else {
        auto colon = text.rfind(':');
        if (colon == std::string_view::npos) {
            return parse_error("parse socket address", text);
        }
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
        // An unbracketed IPv6 address is ambiguous ("::1:80"): require brackets.
        if (host.find(':') != std::string_view::npos) {
            return parse_error("parse socket address", text);
        }
    }
    std::uint16_t port = 0;
    if (!parse_port(port_text, port)) {
        return parse_error("parse socket address", text);
    }
    auto a = from_ip(host, port);
    if (!a) {
        return parse_error("parse socket address", text);
    }
    return a;
}

SocketAddress SocketAddress::from_native(const sockaddr* addr, socklen_t len) noexcept {
    SocketAddress a;
    if (addr == nullptr) {
        return a;
    }
    if (addr->sa_family == AF_INET && len >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
        std::memcpy(&a.storage_.v4, addr, sizeof(sockaddr_in));
    } else if (addr->sa_family == AF_INET6 && len >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
        std::memcpy(&a.storage_.v6, addr, sizeof(sockaddr_in6));
    }
    return a;
}

SocketAddress SocketAddress::ipv4_loopback(std::uint16_t port) noexcept {
    SocketAddress a;
    a.storage_.v4.sin_family = AF_INET;
    a.storage_.v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.set_port(port);
    return a;
}

SocketAddress SocketAddress::ipv6_loopback(std::uint16_t port) noexcept {
    SocketAddress a;
    a.storage_.v6.sin6_family = AF_INET6;
    a.storage_.v6.sin6_addr.s6_addr[15] = 1;  // ::1, spelled out: in6addr_loopback is a global
    a.set_port(port);
    return a;
}

SocketAddress SocketAddress::ipv4_any(std::uint16_t port) noexcept {
    SocketAddress a;
    a.storage_.v4.sin_family = AF_INET;
    a.storage_.v4.sin_addr.s_addr = htonl(INADDR_ANY);
    a.set_port(port);
    return a;
}

std::uint16_t SocketAddress::port() const noexcept {
    if (is_ipv4()) {
        return ntohs(storage_.v4.sin_port);
    }
    if (is_ipv6()) {
        return ntohs(storage_.v6.sin6_port);
    }
    return 0;
}

void SocketAddress::set_port(std::uint16_t port) noexcept {
    if (is_ipv4()) {
        storage_.v4.sin_port = htons(port);
    } else if (is_ipv6()) {
        storage_.v6.sin6_port = htons(port);
    }
}

socklen_t SocketAddress::native_size() const noexcept {
    if (is_ipv4()) {
        return sizeof(sockaddr_in);
    }
    if (is_ipv6()) {
        return sizeof(sockaddr_in6);
    }
    return 0;
}

std::string SocketAddress::ip_string() const {
    char buf[64] = {};
    const char* ok = nullptr;
    if (is_ipv4()) {
        ok = ::inet_ntop(AF_INET, &storage_.v4.sin_addr, buf, sizeof buf);
    } else if (is_ipv6()) {
        ok = ::inet_ntop(AF_INET6, &storage_.v6.sin6_addr, buf, sizeof buf);
    }
    return ok != nullptr ? std::string(buf) : std::string("<unspecified>");
}

std::string SocketAddress::to_string() const {
    if (is_ipv4()) {
        return ip_string() + ':' + std::to_string(port());
    }
    if (is_ipv6()) {
        return '[' + ip_string() + "]:" + std::to_string(port());
    }
    return "<unspecified>";
}

bool operator==(const SocketAddress& a, const SocketAddress& b) noexcept {
    if (a.family() != b.family()) {
        return false;
    }
    if (a.is_ipv4()) {
        return a.storage_.v4.sin_port == b.storage_.v4.sin_port &&
               a.storage_.v4.sin_addr.s_addr == b.storage_.v4.sin_addr.s_addr;
    }
    if (a.is_ipv6()) {
        return a.storage_.v6.sin6_port == b.storage_.v6.sin6_port &&
               std::memcmp(&a.storage_.v6.sin6_addr, &b.storage_.v6.sin6_addr, sizeof(in6_addr)) ==
                   0;
    }
    return true;
}

}  // namespace mcustd::net
