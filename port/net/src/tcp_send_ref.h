/* tcp_send_ref.c: a non-blocking TCP send, RAM buffers copied, flash buffers by reference. */
#ifndef MCUSTD_TCP_SEND_REF_H
#define MCUSTD_TCP_SEND_REF_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct netconn;

/* Queues iov on a connected TCP netconn without blocking; buffers inside [flash_start,
 * flash_end) go by reference (counted by mcustd_net_sent_by_reference()), the rest is copied.
 * `more`: the caller has more to send at once (MSG_MORE: no PSH). Returns the bytes queued (0:
 * no room now, the socket reported unwritable), or -1 when this path does not apply (not
 * connected, a write or an error pending): the caller then uses lwip_sendmsg. */
long mcustd_tcp_send_ref(struct netconn* conn, const struct iovec* iov, int iovcnt, int more,
                         const void* flash_start, const void* flash_end);
/* Whether [p, p + n) lies inside [start, end). */
int mcustd_in_range(const void* p, size_t n, const void* start, const void* end);
/* Adds n to mcustd_net_sent_by_reference() (net_port.h): for sendfile's NOCOPY writes. */
void mcustd_net_note_sent_by_reference(uint32_t n);

#ifdef __cplusplus
}
#endif

#endif /* MCUSTD_TCP_SEND_REF_H */
