// Builders for the system API's structs, filled by member name. POSIX names the members of
// pollfd and iovec but fixes neither their order nor, for pollfd::events, the type (glibc and
// newlib: short; NuttX: uint32_t, after three members of its own), so `pollfd{fd, POLLIN, 0}`
// or a static_cast<short> compiles on one system and fails -Werror (or misplaces a value) on
// another. Every member the system adds starts zeroed.
#pragma once

#include <poll.h>
#include <sys/uio.h>

#include <cstddef>

namespace mcustd::net {

// `events` is a combination of the POLL* macros (int constants); it is converted to the
// system's own type of pollfd::events, whatever that is.
[[nodiscard]] inline pollfd make_pollfd(int fd, int events) noexcept {
    pollfd p{};
    p.fd = fd;
    p.events = static_cast<decltype(pollfd::events)>(events);
    return p;
}

// iovec is not const-correct (sendmsg never writes through iov_base), hence the const_cast in
// one place rather than at every caller.
[[nodiscard]] inline iovec make_iovec(const void* base, std::size_t len) noexcept {
    iovec v{};
    v.iov_base = const_cast<void*>(base);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    v.iov_len = len;
    return v;
}

}  // namespace mcustd::net
