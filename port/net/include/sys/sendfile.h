/* sendfile(2) for the MCU (port/net/src/socket_vfs.cpp): from a file descriptor to a socket.
 * A file whose bytes are in flash (/rom) is sent by reference (lwIP NETCONN_NOCOPY: no copy into
 * lwIP's heap, the segments point at flash); any other file is copied through a small buffer.
 * Linux semantics: *offset is used and advanced if offset is not NULL, else the file position. */
#pragma once

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

ssize_t sendfile(int out_fd, int in_fd, off_t* offset, size_t count);

#ifdef __cplusplus
}
#endif
