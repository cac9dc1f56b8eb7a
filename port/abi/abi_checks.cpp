// ABI conformance, checked when the image is built.
//
// picolibc's libc.a and its libstdc++.a were compiled long ago against picolibc's headers: the
// numeric values of errno codes and O_* flags, and the layouts of struct stat and timespec, are
// baked into their machine code. The port (and lwIP, and our POSIX headers) redefining any of them
// differently would still link - the talk's "cannot be detected at link time" - and then misbehave
// at run time. Each value below was read from the toolchain's headers (Debian picolibc 1.8,
// release build, GCC 12.2 arm-none-eabi, thumb/v7e-m+fp/hard) and is asserted against what this
// build's headers say now. The translation unit contains no code.
#include <errno.h>
#include <fcntl.h>
#include <kernel/kernel.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>

#include <condition_variable>
#include <cstddef>
#include <fstream>
#include <mutex>
#include <shared_mutex>
#include <thread>

#if __has_include(<sys/socket.h>)
#include <sys/socket.h>  // port/net's socket API must not bring its own errno values (lwIP can)
#endif

namespace {

// --- errno: libc's strerror() and libstdc++'s generic_category() index by these numbers --------
static_assert(EPERM == 1 && ENOENT == 2 && EINTR == 4 && EIO == 5 && EBADF == 9);
static_assert(EAGAIN == 11 && EWOULDBLOCK == EAGAIN && ENOMEM == 12 && EACCES == 13);
static_assert(EBUSY == 16 && EEXIST == 17 && EXDEV == 18 && ENOTDIR == 20 && EISDIR == 21);
static_assert(EINVAL == 22 && EMFILE == 24 && ENOTTY == 25 && ESPIPE == 29 && EROFS == 30);
static_assert(EPIPE == 32 && ERANGE == 34 && EDEADLK == 45 && ENOSYS == 88);
// Socket errors: picolibc's (newlib's) numbering differs from Linux's (ENOTSOCK is 108 here, 88 on
// Linux). lwIP must use these (LWIP_ERRNO_STDINCLUDE), not its own Linux-numbered
// LWIP_PROVIDE_ERRNO.
static_assert(EOPNOTSUPP == 95 && ECONNRESET == 104 && ENOBUFS == 105 && EAFNOSUPPORT == 106);
static_assert(ENOTSOCK == 108 && ENOPROTOOPT == 109 && ECONNREFUSED == 111);
static_assert(EADDRINUSE == 112 && ECONNABORTED == 113 && ENETUNREACH == 114);
static_assert(ETIMEDOUT == 116 && EHOSTUNREACH == 118 && EINPROGRESS == 119 && EALREADY == 120);
static_assert(EMSGSIZE == 122 && EPROTONOSUPPORT == 123 && EADDRNOTAVAIL == 125);
static_assert(EISCONN == 127 && ENOTCONN == 128);
static_assert(static_cast<int>(std::errc::connection_reset) == ECONNRESET);

// --- open(2)/fcntl(2) flags: libstdc++'s basic_file and libc's fopen pass these through ---------
static_assert(O_RDONLY == 0 && O_WRONLY == 1 && O_RDWR == 2 && O_ACCMODE == 3);
// picolibc's own mix: O_CREAT, O_TRUNC and O_APPEND take Linux's values, the rest newlib's.
static_assert(O_CREAT == 0x0040 && O_TRUNC == 0x0200 && O_APPEND == 0x0400 && O_EXCL == 0x0800);
static_assert(O_NONBLOCK == 0x4000 && O_SYNC == 0x2000 && O_CLOEXEC == 0x40000);
static_assert(O_NOFOLLOW == 0x100000 && O_DIRECTORY == 0x200000);
static_assert(F_GETFD == 1 && F_SETFD == 2 && F_GETFL == 3 && F_SETFL == 4 && FD_CLOEXEC == 1);

// --- struct layouts filled in by our syscalls and read by compiled library code ----------------
static_assert(sizeof(struct stat) == 88);
static_assert(offsetof(struct stat, st_mode) == 4 && offsetof(struct stat, st_size) == 16);
static_assert(offsetof(struct stat, st_mtim) == 40 && sizeof(off_t) == 4);
static_assert(sizeof(struct timespec) == 16 && sizeof(time_t) == 8);
static_assert(offsetof(struct timespec, tv_nsec) == 8);
// errno (and libc's other per-thread state) is thread_local in libc.a: in each thread's TLS block,
// which __aeabi_read_tp finds. A picolibc built without TLS would share one errno.
#if !defined(__PICOLIBC__) || !defined(PICOLIBC_TLS)
#error "the port needs picolibc with TLS (per-thread errno)"
#endif

// --- the kernel's thread control block as its assembly reads it --------------------------------
static_assert(offsetof(k_thread, sp) == 0);
static_assert(offsetof(k_thread, tp) == 4, "__aeabi_read_tp loads k_current->tp at offset 4");

// --- libstdc++ over our gthreads (bits/gthr-default.h) -----------------------------------------
static_assert(_GLIBCXX_HAS_GTHREADS == 1);
// std::mutex must be constant-initialised: a global mutex is usable from any static constructor,
// the talk's PTHREAD_MUTEX_INITIALIZER problem.
constinit std::mutex constant_initialised_mutex;
constinit std::once_flag constant_initialised_once;
static_assert(sizeof(std::mutex) == sizeof(pthread_mutex_t));
static_assert(sizeof(std::condition_variable) == sizeof(pthread_cond_t));
static_assert(sizeof(std::thread) == sizeof(pthread_t));
static_assert(sizeof(std::once_flag) == sizeof(int));
// Classes whose members are compiled into libstdc++.a keep the layout they had there: a
// gthread type inside them would change size (bits/c++io.h keeps basic_filebuf's lock an int).
static_assert(sizeof(std::filebuf) == 116 && sizeof(std::wfilebuf) == 120);
static_assert(sizeof(std::ifstream) == 260 && sizeof(std::ofstream) == 256);
// Our shared_ptr control blocks use atomic reference counts; the prebuilt library's internal ones
// were compiled with the single-thread policy. Known, documented mismatch (doc/porting.md).
static_assert(__gnu_cxx::__default_lock_policy == __gnu_cxx::_S_atomic);

}  // namespace
