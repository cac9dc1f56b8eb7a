/* POSIX <sys/statvfs.h> for the MCU (newlib has none): how much a mounted file system holds and
 * has free, from mcustd::vfs::FileSystem::usage() (port/vfs/path_ops.cpp). Sizes are counted in
 * bytes: f_frsize and f_bsize are 1, so f_blocks is the capacity, f_bfree and f_bavail the free
 * bytes (one user, root: nothing is reserved). File counts are not limited separately (0). */
#ifndef MCUSTD_SYS_STATVFS_H
#define MCUSTD_SYS_STATVFS_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct statvfs {
    unsigned long f_bsize;  /* preferred I/O size: 1 */
    unsigned long f_frsize; /* the unit of f_blocks, f_bfree, f_bavail: 1 byte */
    fsblkcnt_t f_blocks;    /* capacity */
    fsblkcnt_t f_bfree;     /* free */
    fsblkcnt_t f_bavail;    /* free for an unprivileged user: the same */
    fsfilcnt_t f_files;     /* 0: no separate limit on the number of files */
    fsfilcnt_t f_ffree;
    fsfilcnt_t f_favail;
    unsigned long f_fsid;    /* 0: file systems are not numbered */
    unsigned long f_flag;    /* ST_RDONLY for a read-only file system */
    unsigned long f_namemax; /* longest name: 255 */
};

#define ST_RDONLY 1
#define ST_NOSUID 2

/* 0, or -1 with errno (ENOENT, ENOTDIR, ENAMETOOLONG, ELOOP as stat() for path). */
int statvfs(const char* __restrict path, struct statvfs* __restrict buf);

#ifdef __cplusplus
}
#endif

#endif /* MCUSTD_SYS_STATVFS_H */
