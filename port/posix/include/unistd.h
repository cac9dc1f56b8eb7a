/* mcustd POSIX port: newlib's unistd.h, plus usleep, which newlib hides in strict modes
 * although this port provides it (libstdc++'s this_thread::sleep_for calls it). */
#include_next <unistd.h>

#ifndef _MCUSTD_UNISTD_H
#define _MCUSTD_UNISTD_H
#ifdef __cplusplus
extern "C" {
#endif
int usleep(useconds_t useconds); /* a redeclaration where newlib already declares it */
#ifdef __cplusplus
}
#endif
#endif
