// sendfile() from /rom to a socket through lwIP's loopback: the bytes arrive intact, the file
// position or *offset moves as on Linux, and every byte goes to lwIP by reference to flash (the
// NOCOPY counter grows by exactly the bytes sent, and lwIP's heap high-water mark stays below
// what copying them would take). Fails if sendfile copies, sends wrong bytes or the wrong range;
// a sendfile from the console (no data span, no offset) is EINVAL as on Linux; a file without a
// flash span (a RAM file system's) is copied, all of it, and not counted as by reference.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>

#include "mcustd/net_port.h"
#include "mcustd/rom_mount.hpp"
#include "mcustd/vfs.hpp"

namespace {

int failures = 0;

// A file with no flash span (as a RAM file system's would be): sendfile copies it.
constexpr std::size_t kRamSize = 1000;
char ram_byte(std::size_t i) {
    return static_cast<char>('a' + i % 26);
}
class RamFs final : public mcustd::vfs::FileSystem {
  public:
    class File final : public mcustd::vfs::OpenFile {
      public:
        long pread(void* buf, std::size_t n, long offset) override {
            const auto from = std::min(static_cast<std::size_t>(offset), kRamSize);
            const std::size_t k = std::min(n, kRamSize - from);
            for (std::size_t i = 0; i < k; ++i) {
                static_cast<char*>(buf)[i] = ram_byte(from + i);
            }
            return static_cast<long>(k);
        }
        long lseek(long offset, int whence) override {
            pos_ = whence == SEEK_SET ? offset : pos_ + offset;
            return pos_;
        }

      private:
        long pos_ = 0;
    };
    int open(const char*, int, mode_t, std::shared_ptr<mcustd::vfs::OpenFile>& out) override {
        out = std::make_shared<File>();
        return 0;
    }
    int stat(const char*, struct stat& st) override {
        st.st_mode = S_IFREG | 0444;
        st.st_size = kRamSize;
        return 0;
    }
};

void check(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAIL %s (errno %d)\n", what, errno);
        ++failures;
    }
}

// Calls sendfile until count bytes went out (blocking socket: each call sends what fits).
bool send_all(int sock, int file, off_t* offset, std::size_t count) {
    while (count > 0) {
        const ssize_t n = sendfile(sock, file, offset, count);
        if (n <= 0) {
            return false;
        }
        count -= static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

int main() {
    check(mcustd::rom::mount() == 0, "mount /rom");
    const int file = open("/rom/static/64k.txt", O_RDONLY);
    struct stat st {};
    check(file >= 0 && fstat(file, &st) == 0 && st.st_size > 16384, "open a 64 KiB /rom file");
    const auto size = static_cast<std::size_t>(st.st_size);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(8081);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    check(listener >= 0 && bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
              listen(listener, 1) == 0,
          "listen on 127.0.0.1:8081");
    const int client = socket(AF_INET, SOCK_STREAM, 0);
    check(connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0, "connect");
    const int server = accept(listener, nullptr, nullptr);
    check(server >= 0, "accept");

    // The stream must be file[0, size) then file[1000, 6000): compared chunk by chunk against
    // pread (no 64 KiB copies: the heap is small).
    std::size_t received = 0;
    bool same = true;
    std::thread reader([&] {
        char buf[512];
        char want[512];
        ssize_t n = 0;
        while ((n = recv(server, buf, sizeof buf, 0)) > 0) {
            for (ssize_t i = 0; i < n;) {
                const std::size_t pos = received + static_cast<std::size_t>(i);
                const bool ram = pos >= size + 5000;  // the copied RAM file comes last
                const std::size_t at = pos < size ? pos
                                       : ram      ? pos - size - 5000
                                                  : pos - size + 1000;
                const std::size_t end = pos < size ? size
                                        : ram      ? size + 5000 + kRamSize
                                                   : size + 5000;
                const std::size_t k =
                    std::min({static_cast<std::size_t>(n - i), end - pos, sizeof want});
                if (ram) {
                    for (std::size_t j = 0; j < k; ++j) {
                        want[j] = ram_byte(at + j);
                    }
                }
                same = same && end > pos &&
                       (ram ||
                        pread(file, want, k, static_cast<off_t>(at)) == static_cast<ssize_t>(k)) &&
                       std::memcmp(buf + i, want, k) == 0;
                i += static_cast<ssize_t>(k == 0 ? n - i : k);
            }
            received += static_cast<std::size_t>(n);
        }
    });

    mcustd_net_usage before{};
    mcustd_net_get_usage(&before);
    const std::uint32_t rom_before = mcustd_net_sent_by_reference();
    // The whole file from the file position, which then sits at its end.
    check(send_all(client, file, nullptr, size), "sendfile the whole file");
    check(lseek(file, 0, SEEK_CUR) == static_cast<off_t>(size), "file position at the end");
    check(sendfile(client, file, nullptr, 10) == 0, "at the end: 0 bytes");
    // A slice through *offset: the offset moves, the file position does not.
    off_t offset = 1000;
    check(send_all(client, file, &offset, 5000) && offset == 6000, "slice [1000, 6000)");
    check(lseek(file, 0, SEEK_CUR) == static_cast<off_t>(size), "file position unchanged");
    check(sendfile(client, 1, nullptr, 10) == -1 && errno == EINVAL,
          "from the console (no data span, no pread): refused");
    // A file without a flash span goes out copied, in chunks (short counts), all of it.
    RamFs ramfs;
    check(mcustd::vfs::mount("/ram", ramfs) == 0, "mount /ram");
    const int ram = open("/ram/f", O_RDONLY);
    const std::uint32_t rom_mid = mcustd_net_sent_by_reference();
    check(ram >= 0 && send_all(client, ram, nullptr, kRamSize), "sendfile a RAM file (copied)");
    check(mcustd_net_sent_by_reference() == rom_mid, "a RAM file is never sent by reference");
    check(close(ram) == 0, "close the RAM file");
    check(close(client) == 0, "close the sender");
    reader.join();
    mcustd_net_usage after{};
    mcustd_net_get_usage(&after);
    const std::uint32_t by_reference = mcustd_net_sent_by_reference() - rom_before;

    check(received == size + 5000 + kRamSize, "every byte arrived");
    check(same, "the bytes are the file's");
    check(by_reference == size + 5000, "all of them by reference (NOCOPY)");
    std::printf("net_sendfile: %u bytes by reference, lwIP heap max %u -> %u of %u\n",
                static_cast<unsigned>(by_reference), static_cast<unsigned>(before.heap_max),
                static_cast<unsigned>(after.heap_max), static_cast<unsigned>(after.heap_size));
    // The loopback copies each frame it delivers into the heap (about two full frames in flight:
    // 3,460 B measured by reference); copying the payload adds up to TCP_SND_BUF (2 MSS) on top
    // (6,380 B measured with NETCONN_COPY). 3 MSS lies between the two.
    check(after.heap_max < 3 * 1460, "lwIP heap never held the payload");
    (void)close(server);
    (void)close(listener);
    (void)close(file);
    std::printf(failures == 0 ? "PASS net_sendfile\n" : "FAIL net_sendfile (%d failures)\n",
                failures);
    return failures == 0 ? 0 : 1;
}
