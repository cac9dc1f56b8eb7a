// Waker: wakes a thread blocked in poll() from another thread or from a signal handler.
//
// A UDP socket on 127.0.0.1 connected to itself rather than a pipe: lwIP's poll() only knows
// sockets, so this is the one mechanism that works unchanged on the host and on the MCU.
// wake() is async-signal-safe (one send(), no allocation, errno preserved).
#pragma once

#include "mcustd/net/unique_fd.hpp"
#include "mcustd/result.hpp"

namespace mcustd::httpd {

class Waker {
  public:
    static Result<Waker> create();

    void wake() const noexcept;
    // Reads every pending wake-up datagram (call when poll() reports the fd readable).
    void drain() const noexcept;
    [[nodiscard]] int fd() const noexcept { return fd_.get(); }

  private:
    explicit Waker(net::UniqueFd fd) noexcept : fd_(std::move(fd)) {}
    net::UniqueFd fd_;
};

}  // namespace mcustd::httpd
