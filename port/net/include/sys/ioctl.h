/* POSIX-ish <sys/ioctl.h> for the MCU (picolibc has none).
 *
 * ioctl() works on every VFS descriptor (port/net/src/ioctl.cpp). Three requests act on the
 * descriptor itself, whatever it refers to, and change what fcntl() reports:
 *   FIOCLEX / FIONCLEX   set / clear FD_CLOEXEC            (fcntl F_GETFD)
 *   FIONBIO (int* arg)   set / clear O_NONBLOCK            (fcntl F_GETFL)
 * Anything else goes to the object (a socket forwards FIONREAD to lwIP; files answer ENOTTY).
 *
 * FIONBIO and FIONREAD are lwIP's BSD encodings (lwip/sockets.h), the values lwip_ioctl compares
 * with. FIOCLEX/FIONCLEX are Linux's numbers; src/abi_checks.cpp proves they differ from lwIP's. */
#ifndef MCUSTD_SYS_IOCTL_H
#define MCUSTD_SYS_IOCTL_H

#include "lwip/sockets.h"

#ifndef FIONCLEX
#define FIONCLEX 0x5450
#endif
#ifndef FIOCLEX
#define FIOCLEX 0x5451
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* 0 (or what the object's request returns), or -1 with errno: EBADF for a closed descriptor,
 * ENOTTY for a request the object does not know, EINVAL for a null FIONBIO argument. */
int ioctl(int fd, unsigned long request, ...);

#ifdef __cplusplus
}
#endif

#endif /* MCUSTD_SYS_IOCTL_H */
