// The MCU's virtual file system: one descriptor table shared by files, devices and sockets, and a
// mount table mapping path prefixes to file systems. The C library's system calls (open, read,
// write, close, lseek, fstat, stat, ...: port/libc) and the socket layer all go through here.
//
// Convention: this is the layer *under* errno, so every operation returns a count/descriptor >= 0
// or a negated errno value (-ENOENT). The syscall wrappers turn that into errno + -1; portable
// libraries above POSIX keep returning mcustd::Result<T>.
//
// Registering a file system (e.g. the ROMFS image at /rom):
//
//     class RomFs final : public mcustd::vfs::FileSystem { ... open(), stat(), opendir() ... };
//     static RomFs rom(image);                   // outlives the mount
//     int rc = mcustd::vfs::mount("/rom", rom);  // 0, -EBUSY (prefix taken) or -ENOMEM
//     ...
//     mcustd::vfs::unmount("/rom");
//
// open() receives the path *below* the mount point ("/rom/a/b" -> "/a/b", "/rom" -> "/").
//
// Paths: relative paths are resolved against the working directory (chdir/getcwd, "/" at start),
// "." and ".." are removed and repeated '/' folded before a file system sees a path, and symbolic
// links are followed here, component by component (at most kMaxSymlinks, else -ELOOP), on file
// systems that have them (FileSystem::has_symlinks). A file system therefore only ever receives
// clean absolute paths without links to follow; its stat() reports a link itself (S_IFLNK). A
// path of kMaxPath bytes or more, or a component longer than kMaxName, is -ENAMETOOLONG. "/"
// itself is a read-only directory listing the mount points when nothing is mounted there.
//
// Allocating a descriptor for a socket (or any object that is not reached through a path):
//
//     class Socket final : public mcustd::vfs::OpenFile { read/write/close/poll/ioctl ... };
//     int fd = mcustd::vfs::install(std::make_shared<Socket>(...), O_RDWR);  // fd or -EMFILE
//     std::shared_ptr<OpenFile> f = mcustd::vfs::get(fd);   // nullptr if fd is not open
//     if (f && f->kind() == OpenFile::Kind::kSocket) { ... static_cast<Socket&>(*f) ... }
//
// The table holds shared_ptrs, so a close() racing with a read() in another thread is safe: the
// object lives until the last user drops it, and OpenFile::close() runs exactly once, from the
// close() that released the descriptor. Objects whose readiness changes (data arrived, peer
// closed) call notify_readiness() on themselves: only the poll() calls waiting on that object
// wake (each poll() call owns one semaphore and hooks it on every object it polls).
//
// Descriptors 0, 1 and 2 are /dev/console from boot (port/vfs/console.cpp, .preinit_array).
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>  // SEEK_SET, SEEK_CUR, SEEK_END
#include <memory>
#include <span>

struct statvfs;  // <sys/statvfs.h>

namespace mcustd::vfs {

// Largest descriptor number + 1. Small on purpose: every slot is RAM.
inline constexpr int kMaxDescriptors = 24;
// Longest mount prefix, e.g. "/rom".
inline constexpr std::size_t kMaxMountPrefix = 15;
inline constexpr int kMaxMounts = 4;
// Longest path the VFS resolves, terminating NUL included (PATH_MAX of this system), and longest
// path component (NAME_MAX). Resolution buffers live on the caller's stack: kept small.
inline constexpr std::size_t kMaxPath = 256;
inline constexpr std::size_t kMaxName = 255;
// Symbolic links followed while resolving one path (SYMLOOP_MAX).
inline constexpr int kMaxSymlinks = 8;

// poll() event bits (same values as POSIX <poll.h>, which newlib lacks; see port/abi).
inline constexpr short kPollIn = 0x001;
inline constexpr short kPollOut = 0x004;
inline constexpr short kPollErr = 0x008;
inline constexpr short kPollHup = 0x010;
inline constexpr short kPollNval = 0x020;

struct PollHook;  // one poll() call's registration on one object (vfs.cpp)

// An open file description: what one or more descriptors refer to.
// The position an lseek(offset, whence) asks for in a file of `size` bytes read at `pos`, or
// -EINVAL (a bad whence, or before the start). Past the end is allowed: reads there return 0.
// For the file systems whose files are byte arrays (ramfs, romfs).
inline long seek_position(long offset, int whence, std::size_t pos, std::size_t size) noexcept {
    long base = 0;
    switch (whence) {
        case SEEK_SET:
            break;
        case SEEK_CUR:
            base = static_cast<long>(pos);
            break;
        case SEEK_END:
            base = static_cast<long>(size);
            break;
        default:
            return -EINVAL;
    }
    return offset < -base ? -EINVAL : base + offset;
}

class OpenFile {
  public:
    // What the object is, so that hot paths (send/recv) pick their type without RTTI: only the
    // class named by a tag may use it (static_cast after the check is then exact).
    enum class Kind : unsigned char { kOther, kSocket, kEventFd };

    OpenFile() = default;
    explicit OpenFile(Kind kind) noexcept : kind_(kind) {}
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;
    virtual ~OpenFile() = default;

    // Bytes transferred (0 = end of file) or -errno. Blocking unless O_NONBLOCK is in flags().
    virtual long read(void* /*buf*/, std::size_t /*n*/) { return -EINVAL; }
    virtual long write(const void* /*buf*/, std::size_t /*n*/) { return -EINVAL; }
    // Reads at an absolute offset without moving the file position (pread). The default seeks,
    // reads and seeks back, which is not atomic against another thread using the same
    // descriptor; file systems with random access override it.
    virtual long pread(void* buf, std::size_t n, long offset);
    // New offset or -errno (-ESPIPE for streams).
    virtual long lseek(long /*offset*/, int /*whence*/) { return -ESPIPE; }
    // Fills st (st is zeroed by the caller); 0 or -errno.
    virtual int fstat(struct stat& st);
    // Device/socket control (FIONBIO, FIONREAD, FIOCLEX...); 0 or -errno.
    virtual int ioctl(unsigned long /*request*/, void* /*arg*/) { return -ENOTTY; }
    // The events of `events` (kPollIn, kPollOut...) ready now, plus kPollErr/kPollHup if so.
    // Must not block; vfs::poll() waits for notify_poll() between checks.
    virtual short poll(short events) { return static_cast<short>(events & (kPollIn | kPollOut)); }
    virtual bool isatty() const { return false; }
    // Regular-file operations through a descriptor (ftruncate, fchmod, futimens); times are
    // {atime, mtime} with UTIME_NOW / UTIME_OMIT honoured. Devices and sockets refuse.
    virtual int truncate(long /*length*/) { return -EINVAL; }
    virtual int chmod(mode_t /*mode*/) { return -EPERM; }
    virtual int utimens(const struct timespec* /*times*/) { return -EPERM; }
    // The whole file's bytes where they never move or change while the program runs (a ROM
    // image in flash), else empty: sendfile() then hands lwIP references instead of copies.
    [[nodiscard]] virtual std::span<const std::byte> mapped() const noexcept { return {}; }
    // Called once, when the last descriptor referring to this object is closed: 0 or -errno
    // (a socket sends its FIN here). The object is destroyed when the last shared_ptr goes.
    virtual int close() { return 0; }

    // File status flags (O_NONBLOCK, O_APPEND, access mode), for fcntl(F_GETFL/F_SETFL).
    [[nodiscard]] int flags() const noexcept { return flags_; }
    void set_flags(int flags) noexcept { flags_ = flags; }
    [[nodiscard]] Kind kind() const noexcept { return kind_; }

    // Wakes the poll() calls waiting on this object (and no other), after a change that may
    // make poll(events) answer differently. Never blocks and allocates nothing: it posts the
    // waiters' semaphores inside a short critical section, so any thread may call it (lwIP's
    // tcpip thread does) and, on the MCU, an interrupt handler too.
    void notify_readiness() noexcept;

  private:
    friend struct PollHook;
    int flags_ = 0;
    Kind kind_ = Kind::kOther;
    PollHook* hooks_ = nullptr;  // the poll() calls waiting on this object, under the hook lock
};

// An open directory stream.
class Directory {
  public:
    Directory() = default;
    Directory(const Directory&) = delete;
    Directory& operator=(const Directory&) = delete;
    virtual ~Directory() = default;

    // Copies the next entry's name (NUL-terminated, at most name_size bytes) and whether it is a
    // directory. Returns 1 for an entry, 0 at the end, -errno on error.
    virtual int next(char* name, std::size_t name_size, bool& is_dir) = 0;
};

// A mounted file system. Paths given to it are below its mount point and start with '/'.
class FileSystem {
  public:
    FileSystem() = default;
    FileSystem(const FileSystem&) = delete;
    FileSystem& operator=(const FileSystem&) = delete;
    virtual ~FileSystem() = default;

    // On success stores the new object in out and returns 0; else -errno.
    virtual int open(const char* path, int flags, mode_t mode, std::shared_ptr<OpenFile>& out) = 0;
    virtual int stat(const char* path, struct stat& st) = 0;
    virtual int opendir(const char* /*path*/, std::unique_ptr<Directory>& /*out*/) {
        return -ENOTDIR;
    }
    // Everything that changes the file system defaults to -EROFS (so a read-only file system,
    // /rom, need not override any of it). Paths are below the mount point, like open()'s.
    virtual int mkdir(const char* /*path*/, mode_t /*mode*/) { return -EROFS; }
    virtual int rmdir(const char* /*path*/) { return -EROFS; }
    virtual int unlink(const char* /*path*/) { return -EROFS; }
    virtual int link(const char* /*from*/, const char* /*to*/) { return -EROFS; }
    virtual int rename(const char* /*from*/, const char* /*to*/) { return -EROFS; }
    virtual int symlink(const char* /*target*/, const char* /*path*/) { return -EROFS; }
    virtual int truncate(const char* /*path*/, long /*length*/) { return -EROFS; }
    virtual int chmod(const char* /*path*/, mode_t /*mode*/) { return -EROFS; }
    virtual int utimens(const char* /*path*/, const struct timespec* /*times*/) { return -EROFS; }
    // Copies a symbolic link's target (not NUL-terminated) and returns its length, or -errno
    // (-EINVAL: not a link). Only called when has_symlinks().
    virtual long readlink(const char* /*path*/, char* /*buf*/, std::size_t /*size*/) {
        return -EINVAL;
    }
    // True if stat() may report S_IFLNK: the VFS then checks each path component for a link.
    [[nodiscard]] virtual bool has_symlinks() const { return false; }
    // False for a file system that keeps the read-only defaults above (access(W_OK): -EROFS).
    [[nodiscard]] virtual bool writable() const { return false; }
    // Bytes it holds in all and has free (statvfs, std::filesystem::space); by default nothing.
    struct Usage {
        std::uint64_t total = 0;
        std::uint64_t free = 0;
    };
    [[nodiscard]] virtual Usage usage() const { return {}; }
};

// --- Mount table -------------------------------------------------------------------------------
int mount(const char* prefix, FileSystem& fs);  // 0, -EINVAL, -EBUSY, -ENOMEM
int unmount(const char* prefix);                // 0 or -ENOENT

// --- Descriptor table --------------------------------------------------------------------------
// Puts file in the lowest free slot with status flags `flags` (O_NONBLOCK...) and descriptor
// flags `fd_flags` (FD_CLOEXEC: accept4/socket with SOCK_CLOEXEC set it in the same lock hold,
// so the descriptor is never visible without it): the descriptor, or -EMFILE.
int install(std::shared_ptr<OpenFile> file, int flags, int fd_flags = 0);
// Puts file at exactly fd (closing what was there), as dup2 does: fd or -EBADF.
int install_at(int fd, std::shared_ptr<OpenFile> file, int flags);
// The object behind fd, or nullptr.
std::shared_ptr<OpenFile> get(int fd);
// Frees fd; runs OpenFile::close() if it was the last descriptor for the object. 0 or -errno.
int close(int fd);
// Number of descriptors in use (tests use it to prove nothing leaks).
int open_count();

// --- Path operations (what the syscalls call) --------------------------------------------------
// Each resolves `path` as described at the top; -ENOENT if it is empty or under no mount.
int open(const char* path, int flags, mode_t mode);  // descriptor or -errno
int stat(const char* path, struct stat& st);
int lstat(const char* path, struct stat& st);  // a final symbolic link is not followed
// The usage of the file system holding path (which must exist), as statvfs() reports it.
int statvfs(const char* path, struct ::statvfs& out);
int mkdir(const char* path, mode_t mode);
int rmdir(const char* path);
int unlink(const char* path);
int link(const char* from, const char* to);         // -EXDEV across file systems
int rename(const char* from, const char* to);       // -EXDEV across file systems
int symlink(const char* target, const char* path);  // target is stored as given
long readlink(const char* path, char* buf, std::size_t size);
int truncate(const char* path, long length);
int chmod(const char* path, mode_t mode);
int utimens(const char* path, const struct timespec* times, bool follow);
// F_OK, R_OK, W_OK, X_OK as for root (the only user): read and write need no permission bit,
// execute needs one; W_OK on a read-only file system is -EROFS.
int access(const char* path, int mode);
int opendir(const char* path, std::unique_ptr<Directory>& out);

// The working directory: chdir() to an existing directory (0 or -errno), getcwd() copies it
// (-ERANGE if size is too small). It is kept as a resolved path, not a reference to the
// directory: renaming a directory does not move a working directory inside it.
int chdir(const char* path);
int getcwd(char* buf, std::size_t size);

// Descriptor operations.
long read(int fd, void* buf, std::size_t n);
long pread(int fd, void* buf, std::size_t n, long offset);
long write(int fd, const void* buf, std::size_t n);
long lseek(int fd, long offset, int whence);
int fstat(int fd, struct stat& st);
int isatty(int fd);  // 1, or -ENOTTY / -EBADF
int ioctl(int fd, unsigned long request, void* arg);
int fcntl(int fd, int cmd, int arg);  // F_GETFL, F_SETFL, F_GETFD, F_SETFD (FD_CLOEXEC kept)
int ftruncate(int fd, long length);   // -EINVAL unless open for writing
int fchmod(int fd, mode_t mode);
int futimens(int fd, const struct timespec* times);

// --- Readiness ---------------------------------------------------------------------------------
struct PollFd {
    int fd;
    short events;
    short revents;
};
// Waits until one of fds is ready or timeout_ms passes (-1 = forever, 0 = just check).
// Returns the number of entries with revents != 0, or -errno. No time slicing: the call sleeps
// on its own semaphore until a polled object calls notify_readiness() or the timeout passes.
int poll(PollFd* fds, std::size_t count, int timeout_ms);
// Passes of poll() woken by a notification that found nothing ready, since boot: each one is a
// poller woken for another object's change (tests check that none happen).
unsigned poll_empty_wakeups();

// Mounts /dev (with /dev/console) and binds descriptors 0, 1 and 2 to the console. Idempotent.
// console.cpp runs it from .preinit_array, before any C++ constructor, so 0-2 are the console
// from boot; tests call it again after reset().
void console_init();

// Forgets every descriptor and mount and goes back to "/" (tests; the console re-installs
// itself via console_init()).
void reset();

}  // namespace mcustd::vfs
