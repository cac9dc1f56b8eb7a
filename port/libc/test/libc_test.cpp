// The C library (picolibc) on the MCU: a bounded heap, errno per thread, clocks, stdio formatting,
// the user ids.
#include <malloc.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <thread>
#include <vector>

#include "../../libstdcxx/test/check.hpp"

namespace {

void heap_is_bounded() {
    std::vector<void*> blocks;
    blocks.reserve(256);
    std::printf("heap before: %u bytes in use\n", static_cast<unsigned>(mallinfo().uordblks));
    const auto before = mallinfo().uordblks;  // stdout's buffer and `blocks` already allocated
    errno = 0;
    void* huge = std::malloc(8u << 20);  // more than the whole RAM
    CHECK(huge == nullptr && errno == ENOMEM);
    bool threw = false;
    try {
        auto big = std::make_unique<char[]>(8u << 20);
        (void)big;
    } catch (const std::bad_alloc&) {
        threw = true;
    }
    CHECK(threw);
    // Fill the heap in 1 KiB blocks until malloc says no: it must say no, not overrun the stacks.
    for (int i = 0; i < 256; ++i) {
        void* p = std::malloc(1024);
        if (p == nullptr) {
            break;
        }
        std::memset(p, 0xA5, 1024);
        blocks.push_back(p);
    }
    const bool exhausted = std::malloc(1024) == nullptr;
    for (void* p : blocks) {
        std::free(p);
    }
    CHECK(mallinfo().uordblks == before);
    std::printf("heap: %u KiB allocated before ENOMEM\n", static_cast<unsigned>(blocks.size()));
    CHECK(exhausted || blocks.size() == 256);
}

void errno_is_per_thread() {
    errno = 0;
    int in_thread = -1;
    std::thread t([&] {
        errno = EDOM;
        std::this_thread::yield();
        in_thread = errno;
    });
    errno = ERANGE;
    t.join();
    CHECK(in_thread == EDOM);
    CHECK(errno == ERANGE);
}

void steady_clock_ignores_wall_clock_changes() {
    const auto steady_before = std::chrono::steady_clock::now();
    const auto wall_before = std::chrono::system_clock::now();
    timespec ts{};
    CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0);
    ts.tv_sec += 100000;  // set the wall clock a day ahead
    CHECK(clock_settime(CLOCK_REALTIME, &ts) == 0);
    const auto steady_after = std::chrono::steady_clock::now();
    const auto wall_after = std::chrono::system_clock::now();
    CHECK(wall_after - wall_before >= std::chrono::seconds(100000));
    CHECK(steady_after - steady_before < std::chrono::seconds(1));
    timeval tv{};
    CHECK(gettimeofday(&tv, nullptr) == 0 && tv.tv_sec >= ts.tv_sec);
}

void stdio_formats() {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%d %s %.2f %lld", 42, "x", 3.14159, 1LL << 40);
    CHECK(std::strcmp(buf, "42 x 3.14 1099511627776") == 0);
}

// One user, root: the identity calls exist (they are link errors in a plain picolibc image) and
// agree with each other.
void single_user_is_root() {
    CHECK(getuid() == 0 && geteuid() == 0);
    CHECK(getgid() == 0 && getegid() == 0);
}

}  // namespace

int main() {
    mcustd::test::run("heap_is_bounded", heap_is_bounded);
    mcustd::test::run("errno_is_per_thread", errno_is_per_thread);
    mcustd::test::run("steady_clock_ignores_wall_clock_changes",
                      steady_clock_ignores_wall_clock_changes);
    mcustd::test::run("stdio_formats", stdio_formats);
    mcustd::test::run("single_user_is_root", single_user_is_root);
    return mcustd::test::finish("port_libc");
}
