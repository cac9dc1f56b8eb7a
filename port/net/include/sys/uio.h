/* POSIX <sys/uio.h> for the MCU (picolibc has none): struct iovec, readv, writev. */
#ifndef MCUSTD_SYS_UIO_H
#define MCUSTD_SYS_UIO_H

#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct iovec {
    void* iov_base;
    size_t iov_len;
};
/* lwIP's sockets.h defines its own struct iovec unless `iovec` is a macro: it then uses ours. */
#define iovec iovec

ssize_t readv(int fd, const struct iovec* iov, int iovcnt);
ssize_t writev(int fd, const struct iovec* iov, int iovcnt);

#ifdef __cplusplus
}
#endif

#endif /* MCUSTD_SYS_UIO_H */
