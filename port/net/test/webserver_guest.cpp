// apps/webserver, unchanged, over this port: /rom mounted from flash, pool mode with 4 workers on
// port 80. webserver_host.py fetches pages through QEMU's hostfwd and then types "quit" on the
// console, which ends the image with the exit code the checks above it decide.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <thread>

#include "board/board.h"
#include "mcustd/net_port.h"
#include "mcustd/rom_mount.hpp"

int webserver_main(int argc, char** argv);

namespace {

// Ends the image when the host types "quit" (after printing the network figures).
void console_watch() {
    char line[32] = {};
    std::size_t len = 0;
    char c = 0;
    while (::read(0, &c, 1) == 1) {
        if (c != '\n' && c != '\r' && len + 1 < sizeof line) {
            line[len++] = c;
            continue;
        }
        line[len] = '\0';
        if (std::strcmp(line, "quit") == 0) {
            mcustd_net_print_usage();
            std::printf("PASS net_webserver\n");
            std::fflush(stdout);
            board_exit(0);
        }
        len = 0;
    }
}

}  // namespace

int main() {
    if (const int rc = mcustd::rom::mount(); rc != 0) {
        std::printf("FAIL net_webserver: mount /rom: %d\n", rc);
        return 1;
    }
    std::thread(console_watch).detach();
    char a0[] = "webserver", a1[] = "--bind", a2[] = "0.0.0.0", a3[] = "--port", a4[] = "80",
         a5[] = "--site", a6[] = "/rom", a7[] = "--mode", a8[] = "pool", a9[] = "--threads",
         a10[] = "4";
    char* argv[] = {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, nullptr};
    const int rc = webserver_main(11, argv);
    std::printf("FAIL net_webserver: webserver exited with %d\n", rc);
    return 1;
}
