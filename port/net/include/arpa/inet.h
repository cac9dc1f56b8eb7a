/* POSIX <arpa/inet.h> for the MCU: address text conversion as real functions (lwIP only offers
 * them as macros with LWIP_COMPAT_SOCKETS, which would also turn every `accept` into a macro). */
#ifndef MCUSTD_ARPA_INET_H
#define MCUSTD_ARPA_INET_H

#include <netinet/in.h>

#ifdef __cplusplus
extern "C" {
#endif

int inet_pton(int af, const char* src, void* dst);
const char* inet_ntop(int af, const void* src, char* dst, socklen_t size);

#ifdef __cplusplus
}
#endif

#endif /* MCUSTD_ARPA_INET_H */
