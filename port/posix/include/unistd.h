/* mcustd POSIX port: picolibc's unistd.h, plus usleep, which picolibc hides in strict modes
 * although this port provides it (libstdc++'s this_thread::sleep_for calls it). */
#include_next <unistd.h>

#ifndef _MCUSTD_UNISTD_H
#define _MCUSTD_UNISTD_H
/* Descriptors a process can hold (sysconf(_SC_OPEN_MAX)): the VFS's table size, checked against
 * mcustd::vfs::kMaxDescriptors, and within port/net's socket budget (MCUSTD_NET_MAX_SOCKETS). */
#define MCUSTD_OPEN_MAX 24
#ifdef __cplusplus
extern "C" {
#endif
int usleep(useconds_t useconds); /* a redeclaration where picolibc already declares it */
#ifdef __cplusplus
}
#endif
#endif
