/* POSIX <netinet/tcp.h> for the MCU: TCP_NODELAY and the keep-alive options come from lwIP. */
#ifndef MCUSTD_NETINET_TCP_H
#define MCUSTD_NETINET_TCP_H

#include <netinet/in.h>

#endif /* MCUSTD_NETINET_TCP_H */
