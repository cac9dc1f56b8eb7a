// The web-server image bench/mcu.sh measures: apps/webserver unchanged (`webserver --bind 0.0.0.0
// --port 80`: its built-in site, the ROMFS image in flash, pool mode, 4 workers) and a console that
// answers one-word commands on the UART:
//   uptime  virtual microseconds since boot (k_now_us) and the spinner's count (below)
//   ps      every thread's stack size and high-water mark (the workers' safe stack size)
//   free    C heap in use;  net  lwIP pools and heap;  quit  ends QEMU (exit code 0)
// and in mcustd-web-prof, the same image with the sampling profiler (prof.cpp):
//   prof start N   sample the PC every N core clocks;  prof stop;  prof dump  the histogram
//   prof focus LO HI  (hex) also count the callers (LR) of samples in [LO, HI)
#include <kernel/kernel.h>
#include <malloc.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <mcustd/thread_stack.hpp>
#include <thread>

#include "board/board.h"
#include "mcustd/net_port.h"
#include "mcustd/rom_mount.hpp"
#ifdef MCUSTD_WEB_PROF
#include <cstdlib>

#include "prof.hpp"
#endif

int webserver_main(int argc, char** argv);

namespace {

// A busy loop just above the idle thread. Under QEMU's -icount sleep=off an idle CPU lets the
// guest clock jump to the next timer, so elapsed guest time would say nothing about the work
// done; with the spinner the CPU never idles, guest time is instructions executed, and the time
// the server used is the elapsed time minus spins / (spins per microsecond measured while idle).
std::atomic<std::uint32_t> g_spin_kilo{0};  // spins / 1024: wraps after days of guest time

void spin() {
    k_thread_set_priority(k_self(), K_PRIO_MIN);
    std::uint32_t spins = 0;
    for (;;) {
        if ((++spins & 1023U) == 0) {
            g_spin_kilo.fetch_add(1, std::memory_order_relaxed);
        }
    }
}

void print_thread(const k_thread_info* info, void*) {
    std::printf("thread %-12s prio %2d used %5u of %5u\n", info->name != nullptr ? info->name : "-",
                info->prio, static_cast<unsigned>(info->stack_used),
                static_cast<unsigned>(info->stack_size));
}

void run_command(const char* line) {
    if (std::strcmp(line, "uptime") == 0) {
        const unsigned long long now = k_now_us();
        std::printf("uptime_us %llu spin_kilo %lu\n", now,
                    static_cast<unsigned long>(g_spin_kilo.load(std::memory_order_relaxed)));
    } else if (std::strcmp(line, "ps") == 0) {
        (void)k_thread_foreach(print_thread, nullptr);
        std::printf("ps done\n");
    } else if (std::strcmp(line, "free") == 0) {
        const struct mallinfo mi = mallinfo();
        std::printf("heap in-use %u arena %u\n", static_cast<unsigned>(mi.uordblks),
                    static_cast<unsigned>(mi.arena));
    } else if (std::strcmp(line, "net") == 0) {
        mcustd_net_print_usage();
        std::printf("net done\n");
#ifdef MCUSTD_WEB_PROF
    } else if (std::strncmp(line, "prof start ", 11) == 0) {
        const unsigned long period = std::strtoul(line + 11, nullptr, 10);
        std::printf(prof::start(static_cast<std::uint32_t>(period)) ? "prof started\n"
                                                                    : "prof: no profiler\n");
    } else if (std::strncmp(line, "prof focus ", 11) == 0) {
        char* end = nullptr;
        const unsigned long lo = std::strtoul(line + 11, &end, 16);
        const unsigned long hi = std::strtoul(end, nullptr, 16);
        std::printf(prof::focus(static_cast<std::uint32_t>(lo), static_cast<std::uint32_t>(hi))
                        ? "prof focused\n"
                        : "prof: focus refused\n");
    } else if (std::strcmp(line, "prof stop") == 0) {
        prof::stop();
        std::printf("prof stopped\n");
    } else if (std::strcmp(line, "prof dump") == 0) {
        prof::dump();
#endif
    } else if (std::strcmp(line, "quit") == 0) {
        std::fflush(stdout);
        board_exit(0);
    } else if (line[0] != '\0') {
        std::printf("commands: uptime ps free net quit\n");
    }
    std::fflush(stdout);
}

void console() {
    char line[32] = {};
    std::size_t len = 0;
    char c = 0;
    while (::read(0, &c, 1) == 1) {
        if (c != '\n' && c != '\r') {
            if (len + 1 < sizeof line) {
                line[len++] = c;
            }
            continue;
        }
        line[len] = '\0';
        run_command(line);
        len = 0;
    }
}

}  // namespace

int main() {
    if (const int rc = mcustd::rom::mount(); rc != 0) {
        std::printf("web_bench: mount /rom failed: %d\n", rc);
        return 1;
    }
    {
        // Sized by their high-water marks (bench/mcu.sh prints them): console 856 B, spinner 132 B.
        const mcustd::StackSizeScope console_stack(2048);
        std::thread(console).detach();
        const mcustd::StackSizeScope spinner_stack(512);
        std::thread(spin).detach();
    }
    // What mcustd.elf boots (firmware/src/autostart.cpp): the built-in site, pool mode, 4 workers.
    char a0[] = "webserver", a1[] = "--bind", a2[] = "0.0.0.0", a3[] = "--port", a4[] = "80";
    char* argv[] = {a0, a1, a2, a3, a4, nullptr};
    const int rc = webserver_main(5, argv);
    std::printf("web_bench: webserver exited with %d\n", rc);
    return 1;
}
