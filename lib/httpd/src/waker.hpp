// Waker: wakes a thread blocked in poll() from another thread or from a signal handler.
//
// An eventfd where the system has one (Linux, and the MCU's VFS: port/vfs/eventfd.cpp), a pipe on
// other POSIX systems: fd() is what poll() watches either way. wake() is async-signal-safe (one
// write(), no allocation, errno preserved).
#pragma once

#include "mcustd/net/unique_fd.hpp"
#include "mcustd/result.hpp"

namespace mcustd::httpd {

class Waker {
  public:
    static Result<Waker> create();

    void wake() const noexcept;
    // Consumes every pending wake-up (call when poll() reports fd() readable).
    void drain() const noexcept;
    [[nodiscard]] int fd() const noexcept { return read_.get(); }

  private:
    Waker(net::UniqueFd read, net::UniqueFd write) noexcept
        : read_(std::move(read)), write_(std::move(write)) {}
    net::UniqueFd read_;
    net::UniqueFd write_;  // the pipe's write end; empty with an eventfd (read_ is both)
};

}  // namespace mcustd::httpd
