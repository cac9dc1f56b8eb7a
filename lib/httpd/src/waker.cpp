#include "waker.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <utility>

#if __has_include(<sys/eventfd.h>)
#include <sys/eventfd.h>
#define MCUSTD_HTTPD_EVENTFD 1
#endif

namespace mcustd::httpd {

#ifdef MCUSTD_HTTPD_EVENTFD

Result<Waker> Waker::create() {
    net::UniqueFd fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!fd) {
        return Error::from_errno("waker: eventfd", errno);
    }
    return Waker(std::move(fd), net::UniqueFd());
}

void Waker::wake() const noexcept {
    const int saved = errno;
    const std::uint64_t one = 1;
    // EAGAIN only at a counter of 2^64-2: wake-ups are pending anyway.
    (void)::write(read_.get(), &one, sizeof one);
    errno = saved;
}

void Waker::drain() const noexcept {
    std::uint64_t count = 0;
    (void)::read(read_.get(), &count, sizeof count);  // resets the counter to 0
}

#else

// No eventfd: a non-blocking pipe, a byte per wake-up.
Result<Waker> Waker::create() {
    int fds[2] = {-1, -1};
    if (::pipe(fds) != 0) {
        return Error::from_errno("waker: pipe", errno);
    }
    net::UniqueFd read_end(fds[0]);
    net::UniqueFd write_end(fds[1]);
    for (const int fd : fds) {
        const int flags = ::fcntl(fd, F_GETFL, 0);
        if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0 ||
            ::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
            return Error::from_errno("waker: fcntl", errno);
        }
    }
    return Waker(std::move(read_end), std::move(write_end));
}

void Waker::wake() const noexcept {
    const int saved = errno;
    const char byte = 1;
    // A full pipe means wake-ups are already pending: dropping this one is fine.
    (void)::write(write_.get(), &byte, 1);
    errno = saved;
}

void Waker::drain() const noexcept {
    char buf[64];
    while (::read(read_.get(), buf, sizeof buf) > 0) {
    }
}

#endif

}  // namespace mcustd::httpd
