// threads: the Rust Book's chapter 16.1 examples in C++ (spawn, sleep, join, move closure).
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "mcustd/thread_stack.hpp"

namespace {

// Each spawned thread only formats a line with printf: 4 KiB is plenty on the MCU.
constexpr std::size_t kChildStack = 4096;

}  // namespace

int threads_main(int argc, char** argv) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: %s\n", argv[0]);
        return 2;
    }
    using namespace std::chrono_literals;
    mcustd::StackSizeScope stack(kChildStack);

    // thread::spawn + join: the main thread's loop runs alongside the spawned one.
    std::thread handle([] {
        for (int i = 1; i < 10; ++i) {
            std::printf("hi number %d from the spawned thread!\n", i);
            std::this_thread::sleep_for(1ms);
        }
    });
    for (int i = 1; i < 5; ++i) {
        std::printf("hi number %d from the main thread!\n", i);
        std::this_thread::sleep_for(1ms);
    }
    handle.join();  // without it, main could return before the spawned thread is done

    // A `move` closure: the thread takes ownership of the vector.
    std::vector<int> v{1, 2, 3};
    std::thread owner(
        [v = std::move(v)] { std::printf("Here's a vector: [%d, %d, %d]\n", v[0], v[1], v[2]); });
    owner.join();
    return 0;
}
