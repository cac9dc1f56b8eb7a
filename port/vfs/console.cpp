// /dev/console: the UART as a character device, and descriptors 0, 1 and 2 bound to it.
#include <board/board.h>
#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "mcustd/vfs.hpp"

namespace mcustd::vfs {
namespace {

class Console final : public OpenFile {
  public:
    long read(void* buf, std::size_t n) override {
        if (n == 0) {
            return 0;
        }
        auto* out = static_cast<char*>(buf);
        const std::size_t got = (flags() & O_NONBLOCK) != 0 ? board_console_read_nonblock(out, n)
                                                            : board_console_read(out, n);
        return got == 0 ? -EAGAIN : static_cast<long>(got);
    }

    // A terminal's output post-processing (ONLCR): "\n" goes out as "\r\n".
    long write(const void* buf, std::size_t n) override {
        const char* p = static_cast<const char*>(buf);
        const char* end = p + n;
        while (p < end) {
            const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
            const char* stop = nl != nullptr ? static_cast<const char*>(nl) : end;
            board_console_write(p, static_cast<std::size_t>(stop - p));
            if (stop == end) {
                break;
            }
            board_console_write("\r\n", 2);
            p = stop + 1;
        }
        return static_cast<long>(n);
    }

    int fstat(struct stat& st) override {
        st.st_mode = S_IFCHR | 0620;
        return 0;
    }
    // Output never blocks (polled UART); input is ready while the RX ring holds bytes, and the
    // RX interrupt wakes the console's pollers (console_init installs the notification).
    short poll(short events) override {
        short revents = static_cast<short>(events & kPollOut);
        revents |= (events & kPollIn) != 0 && board_console_rx_pending() > 0 ? kPollIn : 0;
        return revents;
    }
    bool isatty() const override { return true; }
};

// The device directory: one entry, "console".
class DevFs final : public FileSystem {
  public:
    int open(const char* path, int /*flags*/, mode_t /*mode*/,
             std::shared_ptr<OpenFile>& out) override {
        if (std::strcmp(path, "/console") != 0) {
            return -ENOENT;
        }
        out = console();
        return 0;
    }
    int stat(const char* path, struct stat& st) override {
        if (std::strcmp(path, "/") == 0) {
            st.st_mode = S_IFDIR | 0555;
            return 0;
        }
        if (std::strcmp(path, "/console") == 0) {
            st.st_mode = S_IFCHR | 0620;
            return 0;
        }
        return -ENOENT;
    }
    // One shared console object: every descriptor opened on it shares its flags, like a tty.
    static std::shared_ptr<OpenFile> console() {
        static const std::shared_ptr<OpenFile> c = std::make_shared<Console>();
        return c;
    }
    // From the RX interrupt: no shared_ptr copy there, the raw pointer of the object that
    // console() keeps for the program's life; notify_readiness only posts semaphores.
    static void rx_arrived() {
        static OpenFile* const raw = console().get();
        raw->notify_readiness();
    }
};

}  // namespace

// Mounts /dev and opens descriptors 0, 1, 2 on the console. Idempotent.
void console_init() {
    static DevFs dev;
    (void)mount("/dev", dev);  // -EBUSY on a second call is fine
    DevFs::rx_arrived();  // initialises its pointer here, in thread context, before the ISR can
    board_console_set_rx_notify(DevFs::rx_arrived);
    for (int fd = 0; fd <= 2; ++fd) {
        if (!get(fd)) {
            (void)install_at(fd, DevFs::console(), O_RDWR);
        }
    }
}

namespace {

// Descriptors 0-2 are the console from boot: bound by .preinit_array, which the board's startup
// runs before any C++ constructor (board/<board>/startup.c), so no socket or file opened by a
// constructor or by main() can take descriptor 0, 1 or 2 and receive what is printed.
extern "C" void mcustd_console_boot() {
    console_init();
}
[[gnu::used,
  gnu::section(".preinit_array")]] void (*const console_boot_entry)() = mcustd_console_boot;

}  // namespace

}  // namespace mcustd::vfs
