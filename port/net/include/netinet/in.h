/* POSIX <netinet/in.h> for the MCU: lwIP's sockaddr_in/in_addr/IPPROTO_* and htons & co. */
#ifndef MCUSTD_NETINET_IN_H
#define MCUSTD_NETINET_IN_H

#include <sys/socket.h>

#endif /* MCUSTD_NETINET_IN_H */
