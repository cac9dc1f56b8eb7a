// POSIX sockets for the MCU: lwIP sockets living in the VFS descriptor table.
//
// socket()/accept() wrap the lwIP socket in a vfs::OpenFile and install it, so the descriptor
// the application sees comes from the same table as files and the console: close/read/write/
// fcntl/poll on it go through port/vfs and end up here. O_NONBLOCK lives in the descriptor's
// status flags (fcntl F_SETFL) and is applied to lwIP before each call that could block.
// SOCK_NONBLOCK/SOCK_CLOEXEC (socket(), accept4()) are stored there too, with the descriptor.
//
// Readiness: every socket's netconn callback is lwIP's own (event_callback, which updates the
// counters lwip_poll reads) followed by ours, which wakes the poll() calls hooked on that socket
// (OpenFile::notify_readiness). poll() itself is the VFS's, over any mix of descriptors; a socket
// answers it from lwIP's counters through the lwip_sock pointer it keeps (no table lookup).
#include <fcntl.h>
#include <poll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <span>

#include "lwip/api.h"
// lwIP's private socket record (struct lwip_sock, lwip_socket_dbg_get_socket): a C header
// without extern "C" of its own.
extern "C" {
#include "lwip/priv/sockets_priv.h"
}
#include "board/board.h"
#include "mcustd/net_port.h"
#include "mcustd/vfs.hpp"
#include "tcp_send_ref.h"

namespace vfs = mcustd::vfs;

namespace {

// errno-style result of a lwip_* call (which sets errno and returns -1 on failure).
long lwip_result(long rc) {
    return rc < 0 ? -errno : rc;
}

class LwipSocket;

// lwIP socket index -> the VFS object wrapping it, read by the tcpip thread's callback. Entries
// change and are read with interrupts masked (SYS_ARCH_PROTECT), so the callback never sees an
// object that is being destroyed: it is unlinked before its handle is closed.
std::array<LwipSocket*, NUM_SOCKETS> g_watched{};
// lwIP's event_callback (static in sockets.c), taken from the first netconn we see.
netconn_callback g_lwip_callback = nullptr;

void chained_callback(struct netconn* conn, enum netconn_evt evt, u16_t len);

class LwipSocket final : public vfs::OpenFile {
  public:
    explicit LwipSocket(int handle)
        : vfs::OpenFile(Kind::kSocket),
          handle_(handle),
          sock_(lwip_socket_dbg_get_socket(handle)) {}
    ~LwipSocket() override {
        if (handle_ >= 0) {
            unwatch();
            (void)lwip_close(handle_);
        }
    }

    // Routes the netconn's events through chained_callback to this object. A socket accepted
    // from a watched listener already has the chained callback (lwIP copies the listener's).
    void watch() noexcept {
        if (sock_ == nullptr || sock_->conn == nullptr) {
            return;
        }
        SYS_ARCH_DECL_PROTECT(lev);
        SYS_ARCH_PROTECT(lev);
        if (sock_->conn->callback != chained_callback) {
            g_lwip_callback = sock_->conn->callback;
            sock_->conn->callback = chained_callback;
        }
        g_watched[static_cast<std::size_t>(handle_)] = this;
        SYS_ARCH_UNPROTECT(lev);
    }

    [[nodiscard]] int handle() const noexcept { return handle_; }
    [[nodiscard]] struct netconn* conn() const noexcept {
        return handle_ >= 0 && sock_ != nullptr ? sock_->conn : nullptr;
    }

    // lwIP keeps its own non-blocking bit per socket; the descriptor's flags are the truth.
    void sync_nonblock() {
        const bool nonblock = (flags() & O_NONBLOCK) != 0;
        if (nonblock != nonblock_ && lwip_fcntl(handle_, F_SETFL, nonblock ? O_NONBLOCK : 0) == 0) {
            nonblock_ = nonblock;
        }
    }

    long read(void* buf, std::size_t n) override {
        sync_nonblock();
        return lwip_result(lwip_recv(handle_, buf, n, 0));
    }
    long write(const void* buf, std::size_t n) override {
        sync_nonblock();
        return lwip_result(lwip_send(handle_, buf, n, 0));
    }
    int fstat(struct stat& st) override {
        st.st_mode = S_IFSOCK | 0666;
        return 0;
    }
    int ioctl(unsigned long request, void* arg) override {
        // FIONBIO would flip lwIP's bit behind sync_nonblock(): it changes the status flags
        // instead (ioctl() already does that through fcntl; this covers direct vfs::ioctl users).
        if (request == static_cast<unsigned long>(FIONBIO)) {
            if (arg == nullptr) {
                return -EINVAL;
            }
            const int on = *static_cast<const int*>(arg);
            set_flags(on != 0 ? flags() | O_NONBLOCK : flags() & ~O_NONBLOCK);
            return 0;
        }
        const long rc = lwip_result(lwip_ioctl(handle_, static_cast<long>(request), arg));
        return static_cast<int>(rc == -ENOSYS ? -ENOTTY : rc);  // POSIX: unknown request, ENOTTY
    }
    // What lwip_poll would answer, read from the counters event_callback maintains (one
    // consistent snapshot under SYS_ARCH_PROTECT, as lwip_pollscan takes it).
    short poll(short events) override {
        if (sock_ == nullptr || handle_ < 0) {
            return static_cast<short>(POLLNVAL);
        }
        SYS_ARCH_DECL_PROTECT(lev);
        SYS_ARCH_PROTECT(lev);
        const bool has_data = sock_->lastdata.pbuf != nullptr || sock_->rcvevent > 0;
        const bool can_send = sock_->sendevent != 0;
        const bool error = sock_->errevent != 0;
        SYS_ARCH_UNPROTECT(lev);
        short revents = 0;
        revents |= (events & POLLIN) != 0 && has_data ? POLLIN : 0;
        revents |= (events & POLLOUT) != 0 && can_send ? POLLOUT : 0;
        revents |= error ? POLLERR : 0;
        return revents;
    }
    // The last descriptor is gone: lwip_close sends FIN after queued data (graceful close).
    int close() override {
        const int h = handle_;
        unwatch();
        handle_ = -1;  // sock_ stays: a slot of lwIP's static array, harmless to read
        return static_cast<int>(lwip_result(lwip_close(h)));
    }

  private:
    void unwatch() noexcept {
        SYS_ARCH_DECL_PROTECT(lev);
        SYS_ARCH_PROTECT(lev);
        if (g_watched[static_cast<std::size_t>(handle_)] == this) {
            g_watched[static_cast<std::size_t>(handle_)] = nullptr;
        }
        SYS_ARCH_UNPROTECT(lev);
    }

    int handle_;
    // lwIP's record for handle_: a slot of its static socket array, valid until lwip_close.
    struct lwip_sock* sock_;
    bool nonblock_ = false;
};

// Runs in the tcpip thread for every event of a watched netconn: lwIP's own bookkeeping first,
// then a wake-up of the pollers of that socket only. conn->socket is the lwIP index once the
// socket exists (negative while an accepted connection waits in the backlog: nobody polls it).
void chained_callback(struct netconn* conn, enum netconn_evt evt, u16_t len) {
    if (g_lwip_callback != nullptr) {
        g_lwip_callback(conn, evt, len);
    }
    const int s = conn != nullptr ? conn->socket : -1;
    if (s < 0 || s >= NUM_SOCKETS) {
        return;
    }
    SYS_ARCH_DECL_PROTECT(lev);
    SYS_ARCH_PROTECT(lev);
    if (LwipSocket* watched = g_watched[static_cast<std::size_t>(s)]; watched != nullptr) {
        watched->notify_readiness();  // posts semaphores only: fine with interrupts masked
    }
    SYS_ARCH_UNPROTECT(lev);
}

int fail(int err) {
    errno = err;
    return -1;
}

// The socket behind fd (keeping it alive while the call runs), or null with errno set.
std::shared_ptr<vfs::OpenFile> socket_of(int fd, LwipSocket*& sock) {
    std::shared_ptr<vfs::OpenFile> file = vfs::get(fd);
    sock = file != nullptr && file->kind() == vfs::OpenFile::Kind::kSocket
               ? static_cast<LwipSocket*>(file.get())
               : nullptr;
    if (file == nullptr) {
        errno = EBADF;
    } else if (sock == nullptr) {
        errno = ENOTSOCK;
    }
    return file;
}

// The flags socket() and accept4() take besides the type; any other bit is EINVAL.
constexpr int kSockFlags = SOCK_NONBLOCK | SOCK_CLOEXEC;
// lwIP's types are small numbers (1..3); everything above these bits is a flag.
constexpr int kSockTypeMask = 0xf;

// Wraps a new lwIP socket handle into a descriptor with the SOCK_* flags applied: fd, or -1 with
// errno (the handle is closed). O_NONBLOCK and FD_CLOEXEC are set as the descriptor is installed,
// so no other thread ever sees it without them.
int install(int handle, int sock_flags) {
    if (handle < 0) {
        return -1;
    }
    std::shared_ptr<LwipSocket> sock;
    try {
        sock = std::make_shared<LwipSocket>(handle);
    } catch (const std::bad_alloc&) {
        (void)lwip_close(handle);
        return fail(ENOMEM);
    }
    sock->watch();
    const int status = O_RDWR | ((sock_flags & SOCK_NONBLOCK) != 0 ? O_NONBLOCK : 0);
    const int fd_flags = (sock_flags & SOCK_CLOEXEC) != 0 ? FD_CLOEXEC : 0;
    const int fd = vfs::install(std::move(sock), status, fd_flags);
    return fd < 0 ? fail(-fd) : fd;
}

// MSG_NOSIGNAL asks for what is always true here (sockets raise no signals), but lwip_sendmsg
// rejects any flag besides MSG_DONTWAIT and MSG_MORE with EOPNOTSUPP: drop it before lwIP sees it.
int send_flags(int flags) {
    return flags & ~MSG_NOSIGNAL;
}

// Calls fn(sock) for a socket descriptor, after syncing O_NONBLOCK; -1/errno otherwise.
template <typename Fn>
auto with_socket(int fd, Fn fn) -> decltype(fn(std::declval<LwipSocket&>())) {
    LwipSocket* sock = nullptr;
    const auto keep = socket_of(fd, sock);
    if (sock == nullptr) {
        return -1;
    }
    sock->sync_nonblock();
    return fn(*sock);
}

// Sends up to n bytes of flash by reference: lwIP's segments point at them (PBUF_ROM) until
// they are acknowledged, which is safe only because flash never changes. As lwip_send does for
// TCP: a non-blocking socket (lwIP's bit, synced by with_socket) takes what fits now.
ssize_t send_rom(LwipSocket& s, const std::byte* data, std::size_t n) {
    struct netconn* conn = s.conn();
    if (conn == nullptr || NETCONNTYPE_GROUP(netconn_type(conn)) != NETCONN_TCP) {
        return fail(conn == nullptr ? EBADF : EINVAL);
    }
    std::size_t written = 0;
    const err_t err = netconn_write_partly(conn, data, n, NETCONN_NOCOPY, &written);
    if (err != ERR_OK) {
        return fail(err_to_errno(err));
    }
    mcustd_net_note_sent_by_reference(static_cast<std::uint32_t>(written));
    return static_cast<ssize_t>(written);
}

bool in_flash(const void* p, std::size_t n) {
    return mcustd_in_range(p, n, board_flash_start(), board_flash_end()) != 0;
}

constexpr ssize_t kNotTaken = -2;

iovec net_iovec(const void* p, std::size_t n) {
    iovec v{};
    v.iov_base =
        const_cast<void*>(p);  // NOLINT(cppcoreguidelines-pro-type-const-cast): POSIX's type
    v.iov_len = n;
    return v;
}

// A non-blocking TCP send whose gather list has a buffer in flash (the ROMFS site's bodies):
// that buffer goes by reference, the rest is copied (tcp_send_ref.c), head and body in one
// segment. kNotTaken for every other case, which lwIP's own send handles.
ssize_t send_by_reference(LwipSocket& s, const iovec* iov, int iovcnt, int flags) {
    if ((flags & ~(MSG_DONTWAIT | MSG_MORE)) != 0 || iovcnt <= 0 || iov == nullptr ||
        ((s.flags() & O_NONBLOCK) == 0 && (flags & MSG_DONTWAIT) == 0) || s.conn() == nullptr) {
        return kNotTaken;
    }
    const std::span<const iovec> list(iov, static_cast<std::size_t>(iovcnt));
    if (std::none_of(list.begin(), list.end(),
                     [](const iovec& v) { return in_flash(v.iov_base, v.iov_len); })) {
        return kNotTaken;
    }
    const long n = mcustd_tcp_send_ref(s.conn(), iov, iovcnt, (flags & MSG_MORE) != 0 ? 1 : 0,
                                       board_flash_start(), board_flash_end());
    if (n < 0) {
        return kNotTaken;
    }
    return n == 0 ? fail(EWOULDBLOCK) : static_cast<ssize_t>(n);
}

}  // namespace

extern "C" {

// From a file to a socket. Files with a mapped() span (/rom) go out by reference; others are
// copied through a small stack buffer, one chunk per call (a short count, as POSIX allows).
ssize_t sendfile(int out_fd, int in_fd, off_t* offset, size_t count) {
    const std::shared_ptr<vfs::OpenFile> in = vfs::get(in_fd);
    if (in == nullptr || (in->flags() & O_ACCMODE) == O_WRONLY) {
        return fail(EBADF);
    }
    long from = 0;
    if (offset != nullptr) {
        if (*offset < 0) {
            return fail(EINVAL);
        }
        from = static_cast<long>(*offset);
    } else if (from = in->lseek(0, SEEK_CUR); from < 0) {
        return fail(from == -ESPIPE ? EINVAL : static_cast<int>(-from));  // Linux: a tty is EINVAL
    }
    const std::span<const std::byte> rom = in->mapped();
    ssize_t sent = 0;
    if (!rom.empty()) {
        const auto start = std::min(static_cast<std::size_t>(from), rom.size());
        const std::size_t n = std::min(count, rom.size() - start);
        if (n == 0) {
            return 0;
        }
        sent = with_socket(out_fd, [&](LwipSocket& s) { return send_rom(s, &rom[start], n); });
    } else {
        std::array<std::byte, 256> chunk;
        const long got = in->pread(chunk.data(), std::min(count, chunk.size()), from);
        if (got <= 0) {
            // As Linux: a descriptor that cannot be read at an offset (a tty) is EINVAL.
            return got == 0 ? 0 : fail(got == -ESPIPE ? EINVAL : static_cast<int>(-got));
        }
        sent = with_socket(out_fd, [&](LwipSocket& s) {
            return lwip_send(s.handle(), chunk.data(), static_cast<std::size_t>(got), 0);
        });
    }
    if (sent > 0) {
        if (offset != nullptr) {
            *offset += sent;
        } else {
            (void)in->lseek(from + sent, SEEK_SET);
        }
    }
    return sent;
}

// The first socket brings the network up (idempotent), as it is always up on a host.
// Kinds lwIP was built without are refused here: lwIP would assert (abort) on them.
int socket(int domain, int type, int protocol) {
    const int sock_flags = type & ~kSockTypeMask;
    if ((sock_flags & ~kSockFlags) != 0) {
        return fail(EINVAL);  // as Linux: unknown flags are refused before anything else
    }
    type &= kSockTypeMask;
    if (domain != AF_INET && domain != AF_INET6) {
        return fail(EAFNOSUPPORT);
    }
    if (type != SOCK_STREAM && (type != SOCK_DGRAM || !LWIP_UDP) &&
        (type != SOCK_RAW || !LWIP_RAW)) {
        return fail(EPROTONOSUPPORT);
    }
    if (const int rc = mcustd_net_start(); rc != 0) {
        return fail(-rc);
    }
    return install(lwip_socket(domain, type, protocol), sock_flags);
}

int bind(int fd, const struct sockaddr* addr, socklen_t len) {
    return with_socket(fd, [&](LwipSocket& s) { return lwip_bind(s.handle(), addr, len); });
}

// A connection lwIP completes while the accept mailbox is full is reset; with the backlog no
// larger than the mailbox, lwIP ignores further SYNs instead and the clients retry.
int listen(int fd, int backlog) {
    backlog = std::clamp(backlog, 1, DEFAULT_ACCEPTMBOX_SIZE);
    return with_socket(fd, [&](LwipSocket& s) { return lwip_listen(s.handle(), backlog); });
}

int accept(int fd, struct sockaddr* addr, socklen_t* len) {
    return accept4(fd, addr, len, 0);
}

// The flags are checked before lwip_accept, so a refused call leaves the connection queued.
// The new descriptor never inherits the listener's O_NONBLOCK (as on Linux): only SOCK_NONBLOCK.
int accept4(int fd, struct sockaddr* addr, socklen_t* len, int flags) {
    if ((flags & ~kSockFlags) != 0) {
        return fail(EINVAL);
    }
    const int handle =
        with_socket(fd, [&](LwipSocket& s) { return lwip_accept(s.handle(), addr, len); });
    return install(handle, flags);
}

int connect(int fd, const struct sockaddr* addr, socklen_t len) {
    return with_socket(fd, [&](LwipSocket& s) { return lwip_connect(s.handle(), addr, len); });
}

int shutdown(int fd, int how) {
    return with_socket(fd, [&](LwipSocket& s) { return lwip_shutdown(s.handle(), how); });
}

int getsockname(int fd, struct sockaddr* addr, socklen_t* len) {
    return with_socket(fd, [&](LwipSocket& s) { return lwip_getsockname(s.handle(), addr, len); });
}

int getpeername(int fd, struct sockaddr* addr, socklen_t* len) {
    return with_socket(fd, [&](LwipSocket& s) { return lwip_getpeername(s.handle(), addr, len); });
}

int setsockopt(int fd, int level, int name, const void* value, socklen_t len) {
    return with_socket(
        fd, [&](LwipSocket& s) { return lwip_setsockopt(s.handle(), level, name, value, len); });
}

int getsockopt(int fd, int level, int name, void* value, socklen_t* len) {
    return with_socket(
        fd, [&](LwipSocket& s) { return lwip_getsockopt(s.handle(), level, name, value, len); });
}

ssize_t send(int fd, const void* buf, size_t n, int flags) {
    flags = send_flags(flags);
    return with_socket(fd, [&](LwipSocket& s) -> ssize_t {
        const iovec one = net_iovec(buf, n);
        if (const ssize_t sent = send_by_reference(s, &one, 1, flags); sent != kNotTaken) {
            return sent;
        }
        return lwip_send(s.handle(), buf, n, flags);
    });
}

ssize_t sendto(int fd, const void* buf, size_t n, int flags, const struct sockaddr* to,
               socklen_t tolen) {
    flags = send_flags(flags);
    return with_socket(
        fd, [&](LwipSocket& s) { return lwip_sendto(s.handle(), buf, n, flags, to, tolen); });
}

ssize_t sendmsg(int fd, const struct msghdr* msg, int flags) {
    flags = send_flags(flags);
    return with_socket(fd, [&](LwipSocket& s) -> ssize_t {
        if (msg != nullptr && msg->msg_name == nullptr) {
            if (const ssize_t n =
                    send_by_reference(s, msg->msg_iov, static_cast<int>(msg->msg_iovlen), flags);
                n != kNotTaken) {
                return n;
            }
        }
        return lwip_sendmsg(s.handle(), msg, flags);
    });
}

ssize_t recv(int fd, void* buf, size_t n, int flags) {
    return with_socket(fd, [&](LwipSocket& s) { return lwip_recv(s.handle(), buf, n, flags); });
}

ssize_t recvfrom(int fd, void* buf, size_t n, int flags, struct sockaddr* from,
                 socklen_t* fromlen) {
    return with_socket(
        fd, [&](LwipSocket& s) { return lwip_recvfrom(s.handle(), buf, n, flags, from, fromlen); });
}

ssize_t recvmsg(int fd, struct msghdr* msg, int flags) {
    return with_socket(fd, [&](LwipSocket& s) { return lwip_recvmsg(s.handle(), msg, flags); });
}

// readv/writev: lwIP's own for sockets; for files, one VFS call per buffer (stops short).
ssize_t readv(int fd, const struct iovec* iov, int iovcnt) {
    LwipSocket* sock = nullptr;
    const auto file = socket_of(fd, sock);
    if (sock != nullptr) {
        sock->sync_nonblock();
        return lwip_readv(sock->handle(), iov, iovcnt);
    }
    if (file == nullptr) {
        return -1;
    }
    if (iovcnt < 0 || iov == nullptr) {
        return fail(EINVAL);
    }
    ssize_t total = 0;
    for (int i = 0; i < iovcnt; ++i) {
        const long n = vfs::read(fd, iov[i].iov_base, iov[i].iov_len);
        if (n < 0) {
            return total > 0 ? total : fail(static_cast<int>(-n));
        }
        total += n;
        if (static_cast<size_t>(n) < iov[i].iov_len) {
            break;
        }
    }
    return total;
}

ssize_t writev(int fd, const struct iovec* iov, int iovcnt) {
    LwipSocket* sock = nullptr;
    const auto file = socket_of(fd, sock);
    if (sock != nullptr) {
        sock->sync_nonblock();
        if (const ssize_t n = send_by_reference(*sock, iov, iovcnt, 0); n != kNotTaken) {
            return n;
        }
        return lwip_writev(sock->handle(), iov, iovcnt);
    }
    if (file == nullptr) {
        return -1;
    }
    if (iovcnt < 0 || iov == nullptr) {
        return fail(EINVAL);
    }
    ssize_t total = 0;
    for (int i = 0; i < iovcnt; ++i) {
        const long n = vfs::write(fd, iov[i].iov_base, iov[i].iov_len);
        if (n < 0) {
            return total > 0 ? total : fail(static_cast<int>(-n));
        }
        total += n;
        if (static_cast<size_t>(n) < iov[i].iov_len) {
            break;
        }
    }
    return total;
}

// poll() over one descriptor space: the VFS's, which sockets, the console and eventfds all
// answer and wake (see the top of this file).
int poll(struct pollfd* fds, nfds_t nfds, int timeout) {
    static_assert(sizeof(pollfd) == sizeof(vfs::PollFd));
    static_assert(offsetof(pollfd, events) == offsetof(vfs::PollFd, events));
    static_assert(offsetof(pollfd, revents) == offsetof(vfs::PollFd, revents));
    const int n = vfs::poll(reinterpret_cast<vfs::PollFd*>(fds), nfds, timeout);
    return n < 0 ? fail(-n) : n;
}

int inet_pton(int af, const char* src, void* dst) {
    return lwip_inet_pton(af, src, dst);
}

const char* inet_ntop(int af, const void* src, char* dst, socklen_t size) {
    return lwip_inet_ntop(af, src, dst, size);
}

}  // extern "C"
