// Shell commands that inspect the system, and running apps in their own threads.
#include "commands.hpp"

#include <kernel/kernel.h>
#include <malloc.h>
#include <pthread.h>

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mcustd/thread_stack.hpp>
#include <mutex>
#include <thread>
#include <vector>

#include "autostart.hpp"
#include "board/board.h"
#include "shell.hpp"

namespace mcustd::firmware {
namespace {

int cmd_help(int, char**) {
    std::fputs("shell commands: help free mallinfo ps ram repeat exit", stdout);
    for (const ImageCommand& c : image_commands()) {
        std::printf(" %s", c.name);
    }
    std::puts("");
    std::fputs("built-in apps:", stdout);
    for (const Builtin& app : builtins()) {
        std::printf(" %s(%u)", app.name, static_cast<unsigned>(app.stack_size));
    }
    std::puts("");
    return 0;
}

int cmd_free(int, char**) {
    const struct mallinfo mi = mallinfo();
    std::printf("heap: arena %u in-use %u free %u\n", static_cast<unsigned>(mi.arena),
                static_cast<unsigned>(mi.uordblks), static_cast<unsigned>(mi.fordblks));
    return 0;
}

// A snapshot of the thread list: k_thread_foreach's callback must not block, so it only copies
// (names too: a thread may exit before we print), and printing happens afterwards.
struct ThreadRow {
    char name[16];
    int prio;
    int state;
    unsigned used;
    unsigned size;
};
struct ThreadSnapshot {
    static constexpr std::size_t kMax = 24;
    ThreadRow rows[kMax];
    std::size_t count = 0;
};

void snapshot_thread(const k_thread_info* info, void* ctx) {
    auto* snap = static_cast<ThreadSnapshot*>(ctx);
    if (snap->count == ThreadSnapshot::kMax) {
        return;
    }
    ThreadRow& row = snap->rows[snap->count++];
    std::strncpy(row.name, info->name != nullptr ? info->name : "-", sizeof row.name - 1);
    row.name[sizeof row.name - 1] = '\0';
    row.prio = info->prio;
    row.state = info->state;
    row.used = static_cast<unsigned>(info->stack_used);
    row.size = static_cast<unsigned>(info->stack_size);
}

void list_threads() {
    static ThreadSnapshot snap;  // ~0.7 KiB: not on the caller's small stack
    snap.count = 0;
    (void)k_thread_foreach(snapshot_thread, &snap);
    std::puts("NAME       PRIO STATE      USED  STACK");
    for (std::size_t i = 0; i < snap.count; ++i) {
        const ThreadRow& r = snap.rows[i];
        std::printf("%-10s %4d %-8s %6u %6u\n", r.name, r.prio, k_thread_state_name(r.state),
                    r.used, r.size);
    }
    std::fflush(stdout);
}

// ps [-s BYTES]: with -s, lists from a std::thread named "ps" created under
// StackSizeScope(BYTES), which shows that a scope's request reaches the kernel.
int cmd_ps(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[1], "-s") == 0) {
        mcustd::StackSizeScope stack(static_cast<std::size_t>(std::atoi(argv[2])));
        std::thread lister([] {
            (void)pthread_setname_np(pthread_self(), "ps");
            list_threads();
        });
        lister.join();
        return 0;
    }
    list_threads();
    return 0;
}

// repeat N command args... : runs the command N times and reports the heap in use after the
// first run and after the last (the "no per-run leaks" check; the first run may allocate
// lazily-initialised statics such as stdio buffers).
int cmd_repeat(int argc, char** argv) {
    const int n = argc >= 3 ? std::atoi(argv[1]) : 0;
    if (n <= 0) {
        std::puts("usage: repeat N command [args...]");
        return 2;
    }
    // Commands may modify their argv (strtok and friends): give each run a fresh copy.
    char saved[kMaxLine] = {};
    std::size_t used = 0;
    for (int i = 2; i < argc; ++i) {
        const std::size_t len = std::strlen(argv[i]);
        std::memcpy(saved + used, argv[i], len);
        used += len;
        saved[used++] = ' ';
    }
    saved[used > 0 ? used - 1 : 0] = '\0';
    unsigned long first = 0;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; ++i) {
        char line[kMaxLine];
        std::memcpy(line, saved, sizeof line);
        rc = run_line(line);
        std::fflush(stdout);
        if (i == 0) {
            first = heap_in_use();
        }
    }
    const unsigned long last = heap_in_use();
    std::printf("repeat: %d runs, heap in use after first %lu, after last %lu (%s)\n", n, first,
                last, first == last ? "unchanged" : "CHANGED");
    return rc != 0 ? rc : (first == last ? 0 : 1);
}

// RAM the image claims: statics and the main thread's stack (everything below the heap), the heap
// malloc has taken from sbrk (arena: freed blocks stay claimed), and the handler stack.
unsigned long ram_claimed(const struct mallinfo& mi) {
    const auto addr = [](void* p) { return reinterpret_cast<std::uintptr_t>(p); };
    const std::uintptr_t below_heap = addr(board_heap_start()) - addr(board_ram_start());
    const std::uintptr_t handler_stack = addr(board_ram_end()) - addr(board_heap_end());
    return static_cast<unsigned long>(below_heap + static_cast<std::uintptr_t>(mi.arena) +
                                      handler_stack);
}

// ram [-t N] [-b BYTES]: RAM claimed while N default std::threads (4 KiB stacks) sit idle, and,
// with -b, whether that is within BYTES (status 1 if not): the footprint budget as a test.
int cmd_ram(int argc, char** argv) {
    int idle = 0;
    unsigned long budget = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "-t") == 0) {
            idle = std::atoi(argv[i + 1]);
        } else if (std::strcmp(argv[i], "-b") == 0) {
            budget = std::strtoul(argv[i + 1], nullptr, 10);
        }
    }
    if (idle < 0 || idle > 16 || argc % 2 == 0) {
        std::puts("usage: ram [-t THREADS (0..16)] [-b BUDGET_BYTES]");
        return 2;
    }
    std::mutex m;
    std::condition_variable cv;
    int started = 0;
    bool release = false;
    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(idle));
    for (int i = 0; i < idle; ++i) {
        threads.emplace_back([&] {
            std::unique_lock lock(m);
            ++started;
            cv.notify_all();
            cv.wait(lock, [&] { return release; });
        });
    }
    struct mallinfo mi {};
    {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return started == idle; });
        mi = mallinfo();  // every thread exists and is blocked
        release = true;
    }
    cv.notify_all();
    for (std::thread& t : threads) {
        t.join();
    }
    const unsigned long total = ram_claimed(mi);
    std::printf("ram: %lu bytes with %d idle threads (heap arena %u, in use %u)\n", total, idle,
                static_cast<unsigned>(mi.arena), static_cast<unsigned>(mi.uordblks));
    if (budget == 0) {
        return 0;
    }
    std::printf("ram: %s the budget of %lu bytes\n", total <= budget ? "within" : "OVER", budget);
    return total <= budget ? 0 : 1;
}

struct ShellCommand {
    const char* name;
    int (*fn)(int, char**);
};

constexpr ShellCommand kCommands[] = {
    {"help", cmd_help}, {"free", cmd_free},     {"mallinfo", cmd_free},
    {"ps", cmd_ps},     {"repeat", cmd_repeat}, {"ram", cmd_ram},
};

}  // namespace

// Images without extra commands get none (firmware/src/autostart.cpp overrides this).
__attribute__((weak)) std::span<const ImageCommand> image_commands() noexcept {
    return {};
}

unsigned long heap_in_use() {
    return static_cast<unsigned long>(mallinfo().uordblks);
}

int run_app(const Builtin& app, int argc, char** argv) {
    int rc = 0;
    std::fflush(stdout);
    {
        mcustd::StackSizeScope stack(app.stack_size);
        std::thread runner([&] {
            (void)pthread_setname_np(pthread_self(), app.name);  // what ps shows
            try {
                rc = app.main(argc, argv);
            } catch (const std::exception& e) {
                std::printf("%s: uncaught exception: %s\n", app.name, e.what());
                rc = 1;
            }
            std::fflush(stdout);
        });
        runner.join();
    }
    return rc;
}

int run_shell_command(int argc, char** argv, bool* found) {
    for (const ShellCommand& c : kCommands) {
        if (std::strcmp(c.name, argv[0]) == 0) {
            *found = true;
            return c.fn(argc, argv);
        }
    }
    for (const ImageCommand& c : image_commands()) {
        if (std::strcmp(c.name, argv[0]) == 0) {
            *found = true;
            return c.fn(argc, argv);
        }
    }
    *found = false;
    return 0;
}

}  // namespace mcustd::firmware
