// The mkstemp family, replacing libc.a's mktemp member: picolibc 1.8 has no mkdtemp, and a port
// must never hand out a temporary name twice in a run, even once its file is gone (newlib derived
// the name from the one process id; libstdc++'s filesystem tests make a name, remove the file, ask
// again and expect a different path). Every attempt takes the next value of a program-wide
// counter, scrambled by a bijection and written in base 62 into the six X's (62^6 > 2^32): no two
// attempts in a run produce the same name, and a name that exists is skipped, as POSIX asks. Every
// public name of libc.a's member is defined here, so that member is never linked (it would
// collide with these).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

constexpr std::size_t kXs = 6;  // POSIX: the template ends in six X's (before a suffix)
// Attempts before giving up with EEXIST: bounded, and far more than a RAM file system can hold.
constexpr int kMaxAttempts = 10000;

std::atomic<std::uint32_t> next_name{0};

// A bijection on 32 bits (odd multipliers and xor-shifts are invertible), so distinct counter
// values give distinct names, and consecutive ones differ in most characters.
std::uint32_t scramble(std::uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

enum class Make { kFile, kDirectory, kNameOnly };

// Fills the X's and creates what `make` says: a descriptor (kFile), 0, or -1 with errno set.
int make_unique(char* tmpl, int suffix_len, int open_flags, Make make) {
    static constexpr char kDigits[] =
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const std::size_t len = std::strlen(tmpl);
    if (suffix_len < 0 || len < kXs + static_cast<std::size_t>(suffix_len)) {
        errno = EINVAL;
        return -1;
    }
    char* const xs = tmpl + len - static_cast<std::size_t>(suffix_len) - kXs;
    if (std::strspn(xs, "X") < kXs) {
        errno = EINVAL;
        return -1;
    }
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        std::uint32_t v = scramble(next_name.fetch_add(1, std::memory_order_relaxed));
        for (std::size_t i = 0; i < kXs; ++i) {
            xs[i] = kDigits[v % 62];
            v /= 62;
        }
        int rc = 0;
        switch (make) {
            case Make::kFile:
                rc = ::open(tmpl, O_RDWR | O_CREAT | O_EXCL | open_flags, S_IRUSR | S_IWUSR);
                break;
            case Make::kDirectory:
                rc = ::mkdir(tmpl, S_IRWXU);
                break;
            case Make::kNameOnly: {
                struct stat st {};
                if (::lstat(tmpl, &st) == 0) {
                    continue;
                }
                return errno == ENOENT ? 0 : -1;
            }
        }
        if (rc >= 0 || errno != EEXIST) {
            return rc;
        }
    }
    errno = EEXIST;
    return -1;
}

// mktemp(): a name that did not exist when looked at; failure leaves an empty string, as glibc.
char* name_only(char* tmpl) {
    if (make_unique(tmpl, 0, 0, Make::kNameOnly) != 0) {
        tmpl[0] = '\0';
    }
    return tmpl;
}

}  // namespace

extern "C" {

int mkostemps(char* tmpl, int suffix_len, int flags) {
    return make_unique(tmpl, suffix_len, flags & (O_APPEND | O_SYNC | O_CLOEXEC), Make::kFile);
}
int mkostemp(char* tmpl, int flags) {
    return mkostemps(tmpl, 0, flags);
}
int mkstemps(char* tmpl, int suffix_len) {
    return mkostemps(tmpl, suffix_len, 0);
}
int mkstemp(char* tmpl) {
    return mkostemps(tmpl, 0, 0);
}
char* mkdtemp(char* tmpl) {
    return make_unique(tmpl, 0, 0, Make::kDirectory) == 0 ? tmpl : nullptr;
}
// Legacy and racy (the name may be taken before it is used); defined because libc.a's member
// defines it.
char* mktemp(char* tmpl) {
    return name_only(tmpl);
}

}  // extern "C"
