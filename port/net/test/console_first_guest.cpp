// Descriptors 0-2 are the console before anything else runs: a static constructor and then
// main() open sockets before the first print, and every line must still reach the UART (the
// runner expects them). Before the console was bound at boot, the constructor's socket took
// descriptor 0 and main's took 1, so printf() went to the network and this test saw nothing.
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>

namespace {

struct EarlySocket {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ~EarlySocket() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    EarlySocket() = default;
    EarlySocket(const EarlySocket&) = delete;
    EarlySocket& operator=(const EarlySocket&) = delete;
};

EarlySocket early;  // constructed before main(), before any output

}  // namespace

int main() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    std::printf("console_first: constructor socket fd %d, main socket fd %d\n", early.fd, fd);
    const bool ok = early.fd > 2 && fd > 2 && ::isatty(1) == 1 && ::isatty(2) == 1;
    std::fprintf(stderr, "console_first: stderr reaches the UART too\n");
    std::printf("%s console_first\n", ok ? "PASS" : "FAIL");
    ::close(fd);
    return ok ? 0 : 1;
}
