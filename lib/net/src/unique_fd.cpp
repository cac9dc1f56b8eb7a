#include "mcustd/net/unique_fd.hpp"

#include <unistd.h>

namespace mcustd::net {

void UniqueFd::reset(int fd) noexcept {
    if (fd_ >= 0 && fd_ != fd) {
        // Not retried on EINTR: POSIX leaves the descriptor state unspecified, and on Linux and
        // lwIP it is already released, so a retry could close someone else's new descriptor.
        ::close(fd_);
    }
    fd_ = fd;
}

}  // namespace mcustd::net
