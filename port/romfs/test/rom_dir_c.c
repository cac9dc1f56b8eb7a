/* <dirent.h> from C11, as a C program would list a directory: rom_files.cpp compares what this
 * returns with the C++ listing. */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

/* Writes the names under path into out, each followed by '\n' ('/' before it for directories).
 * Returns the number of entries, or -errno (opendir/readdir failure, or -ENOSPC if out is too
 * small). */
int rom_list_c(const char* path, char* out, size_t size) {
    DIR* d = opendir(path);
    if (d == NULL) {
        return -errno;
    }
    size_t used = 0;
    int count = 0;
    int rc = 0;
    errno = 0; /* readdir leaves errno alone at the end: 0 afterwards means no error */
    for (struct dirent* e; (e = readdir(d)) != NULL; ++count) {
        const size_t n = strlen(e->d_name);
        const int dir = e->d_type == DT_DIR;
        if (used + n + (size_t)dir + 2 > size) {
            rc = -ENOSPC;
            break;
        }
        memcpy(out + used, e->d_name, n);
        used += n;
        if (dir) {
            out[used++] = '/';
        }
        out[used++] = '\n';
    }
    if (rc == 0 && errno != 0) {
        rc = -errno;
    }
    if (size > 0) {
        out[used < size ? used : size - 1] = '\0';
    }
    closedir(d);
    return rc < 0 ? rc : count;
}
