// ioctl() for the MCU: picolibc declares and defines none. FIOCLEX/FIONCLEX/FIONBIO are answered
// here for every descriptor, because what they change (FD_CLOEXEC, O_NONBLOCK) is kept by the VFS
// per descriptor, not by the object behind it: a socket, a /rom file and the console all get the
// same answer, and fcntl(F_GETFD/F_GETFL) reports it. Other requests go to the object.
#include <fcntl.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstdarg>

#include "mcustd/vfs.hpp"

namespace vfs = mcustd::vfs;

namespace {

// The request as the caller wrote it: lwIP's FIONBIO is a negative long (bit 31 set) that C
// converts to unsigned long on the way in; compare in the same type.
constexpr unsigned long request_value(long r) {
    return static_cast<unsigned long>(r);
}

int result(int rc) {
    if (rc < 0) {
        errno = -rc;
        return -1;
    }
    return rc;
}

// O_NONBLOCK on or off, keeping the other status flags. Two VFS calls: a concurrent F_SETFL of
// O_APPEND in between could be lost, which no socket user cares about (sockets ignore O_APPEND).
int set_nonblock(int fd, const int* on) {
    if (on == nullptr) {
        return -EINVAL;
    }
    const int flags = vfs::fcntl(fd, F_GETFL, 0);
    if (flags < 0) {
        return flags;
    }
    return vfs::fcntl(fd, F_SETFL, *on != 0 ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
}

}  // namespace

extern "C" int ioctl(int fd, unsigned long request, ...) {
    if (request == request_value(FIOCLEX) || request == request_value(FIONCLEX)) {
        // These take no argument: reading one the caller did not pass would be undefined.
        return result(vfs::fcntl(fd, F_SETFD, request == request_value(FIOCLEX) ? FD_CLOEXEC : 0));
    }
    va_list ap;
    va_start(ap, request);
    void* const arg = va_arg(ap, void*);  // every other request we know takes a pointer
    va_end(ap);
    if (request == request_value(FIONBIO)) {
        return result(set_nonblock(fd, static_cast<const int*>(arg)));
    }
    return result(vfs::ioctl(fd, request, arg));
}
