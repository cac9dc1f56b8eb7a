/* lwIP's compiler/platform header for the mcustd MCU (arm-none-eabi GCC, picolibc).
 *
 * The point of this file is that lwIP is compiled against the SAME system definitions the
 * application sees: picolibc's struct timeval and O_NONBLOCK/F_GETFL, and our POSIX poll.h and
 * sys/uio.h. Without these includes lwIP silently substitutes its own values (O_NONBLOCK 1,
 * POLLOUT 2, a private struct timeval) and a flag passed by the application means something else
 * inside lwIP: the bug class that cannot be seen at link time. port/net/src/abi_checks.c proves it.
 */
#ifndef MCUSTD_ARCH_CC_H
#define MCUSTD_ARCH_CC_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/uio.h>

/* Cortex-M4 is little endian; byte swaps compile to REV16/REV. */
#define lwip_htons(x) ((u16_t)__builtin_bswap16((u16_t)(x)))
#define lwip_htonl(x) ((u32_t)__builtin_bswap32((u32_t)(x)))

/* Debian's lwIP patches sockets.c to set/read sockaddr lengths through these macros (their unix
 * port defines them). lwIP's own struct sockaddr has sa_len/sin_len, so fill them in. */
#define IP4ADDR_SOCKADDR_SET_LEN(sin) ((sin)->sin_len = sizeof(struct sockaddr_in))
#define IP6ADDR_SOCKADDR_SET_LEN(sin6) ((sin6)->sin6_len = sizeof(struct sockaddr_in6))
#define IPADDR_SOCKADDR_GET_LEN(addr) ((addr)->sa.sa_len)

#define LWIP_RAND() ((u32_t)rand())

/* Diagnostics go to the console (stdout is the UART). An assertion is a programming error: it is
 * reported by file and line only. lwIP's message for it is the LWIP_ASSERT at that line of its
 * source; leaving the ~8 KB of message strings out of flash keeps every check. __FILE_NAME__ (the
 * basename) also keeps the image's size independent of where the tree is checked out. */
#define LWIP_PLATFORM_DIAG(x) \
    do {                      \
        printf x;             \
    } while (0)
#define LWIP_PLATFORM_ASSERT(x)                                              \
    do {                                                                     \
        (void)sizeof(x); /* the message: see the source at file:line */      \
        printf("lwIP assertion failed at %s:%d\n", __FILE_NAME__, __LINE__); \
        fflush(stdout);                                                      \
        abort();                                                             \
    } while (0)

#endif /* MCUSTD_ARCH_CC_H */
