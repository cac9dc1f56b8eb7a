/* POSIX <dirent.h> for the MCU, over the VFS directory API (port/vfs/opendir.cpp, readdir.cpp).
 *
 * newlib for arm-none-eabi ships a <dirent.h> whose <sys/dirent.h> is an #error: this one is
 * found first because it is on the include path of the MCU targets (mcustd_platform); the host
 * build never sees it and uses its libc's. Any mounted file system that implements
 * FileSystem::opendir can be listed (/rom today); "." and ".." are not reported.
 *
 * opendir() allocates the stream (one struct dirent, the path, the file system's iterator) and
 * closedir() frees all of it; there is no global state, so streams in different threads are
 * independent. One stream must not be used by two threads at once. */
#ifndef MCUSTD_DIRENT_H
#define MCUSTD_DIRENT_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* d_type values (not POSIX, but what Linux and the BSDs report and many programs test). */
#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12

struct dirent {
    ino_t d_ino;             /* what stat() reports as st_ino for this entry */
    unsigned short d_reclen; /* sizeof(struct dirent): Linux's field, for code that reads it */
    unsigned char d_type;    /* DT_REG, DT_DIR, ... from the entry's st_mode; DT_UNKNOWN if none */
    char d_name[256];        /* NUL-terminated; NAME_MAX is 255 (newlib's sys/syslimits.h) */
};

typedef struct mcustd_dir DIR; /* opaque */

/* The stream, or NULL with errno: ENOENT (no such path or no file system there), ENOTDIR (not
 * a directory), ENOMEM. */
DIR* opendir(const char* path);
/* The next entry (valid until the next readdir/closedir on this stream), or NULL: at the end with
 * errno unchanged, on error with errno (EBADF for a null stream, EOVERFLOW for a name longer than
 * d_name, which is skipped; ENOENT after a rewinddir that could not re-open the directory). */
struct dirent* readdir(DIR* dir);
/* Back to the first entry (the directory is re-opened: entries added since appear). */
void rewinddir(DIR* dir);
/* Frees the stream: 0, or -1 with errno EBADF for a null stream. */
int closedir(DIR* dir);

#ifdef __cplusplus
}
#endif

#endif /* MCUSTD_DIRENT_H */
