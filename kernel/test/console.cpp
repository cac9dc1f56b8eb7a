// UART receive: lines typed by the harness arrive through the RX interrupt and the blocking
// board_console_read(); the thread list shows every thread.
#include <string.h>

#include "ktest.hpp"

namespace {
size_t read_line(char* buf, size_t cap) {
    size_t n = 0;
    while (n + 1 < cap) {
        char c;
        board_console_read(&c, 1);
        if (c == '\n' || c == '\r')
            break;
        buf[n++] = c;
    }
    buf[n] = 0;
    return n;
}
}  // namespace

int main() {
    k_print_threads();
    ktest::say("ready>\r\n");
    char line[64];
    read_line(line, sizeof line);
    ktest::say("got [");
    ktest::say(line);
    ktest::say("]\r\n");
    KCHECK(strcmp(line, "hello kernel") == 0);
    ktest::say("ready>\r\n");
    read_line(line, sizeof line);
    KCHECK(strcmp(line, "second line") == 0);
    ktest::pass("kernel_console");
}
