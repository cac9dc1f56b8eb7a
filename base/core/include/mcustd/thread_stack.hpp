// Choosing the stack size of the std::threads a scope creates.
//
// std::thread has no stack-size parameter, and on the MCU the default matters (4 KiB there, not
// the 2 MiB+ a desktop libc reserves). While a StackSizeScope is alive, every std::thread (and
// std::jthread) constructed *on this thread* asks the platform for `bytes` of stack:
//
//     mcustd::StackSizeScope stack(4096);
//     std::thread worker(run);            // 4 KiB stack on the MCU
//
// The MCU port (port/libstdcxx) reads requested_thread_stack_size() when libstdc++ creates a
// thread: this header is in base/ so that the port and the code above it share it without the
// port including lib/. The Linux host keeps glibc's default and ignores the request, which is
// harmless there.
#pragma once

#include <cstddef>

namespace mcustd {

namespace detail {
// 0 means "the platform default". thread_local so that concurrent creators do not race.
inline thread_local std::size_t next_thread_stack_size = 0;
}  // namespace detail

[[nodiscard]] inline std::size_t requested_thread_stack_size() noexcept {
    return detail::next_thread_stack_size;
}

class StackSizeScope {
  public:
    explicit StackSizeScope(std::size_t bytes) noexcept : saved_(detail::next_thread_stack_size) {
        detail::next_thread_stack_size = bytes;
    }
    ~StackSizeScope() { detail::next_thread_stack_size = saved_; }
    StackSizeScope(const StackSizeScope&) = delete;
    StackSizeScope& operator=(const StackSizeScope&) = delete;

  private:
    std::size_t saved_;
};

}  // namespace mcustd
