// picolibc's prebuilt libstdc++ is configured with --enable-cstdio=stdio_pure: std::filebuf
// reaches files through fread/fwrite/fseek on the FILE, not read/write/lseek on a descriptor.
// GCC 12's code for that mode (config/io/basic_file_stdio.cc) has three bugs:
// - xsputn and xsputn_2 write the FILE structure's own bytes instead of the data
//   (fwrite(__file, 1, n, __file)): every std::ofstream writes garbage of the right length;
// - seekoff returns fseek's 0 instead of the new offset: tellg/tellp are always 0;
// - showmanyc subtracts that same 0: in_avail() reports the whole file after a read.
// The members are --wrap'ed (CMakeLists.txt): the library's callers (basic_filebuf) reach these
// __wrap_ definitions. extern "C" with `this` as the first parameter is how AAPCS passes it.
#include <stdio.h>
#include <sys/stat.h>

#include <fstream>  // std::__basic_file<char>, std::ios_base::seekdir

using File = std::__basic_file<char>;

namespace {

// All of `n` bytes, or as many as the stream took before an error.
std::streamsize write_all(FILE* f, const char* s, std::streamsize n) {
    std::streamsize left = n;
    while (left > 0) {
        const size_t put = fwrite(s, 1, static_cast<size_t>(left), f);
        if (put == 0) {
            break;  // the VFS does not interrupt a write: an error, which ferror() now shows
        }
        left -= static_cast<std::streamsize>(put);
        s += put;
    }
    return n - left;
}

}  // namespace

extern "C" {

std::streamsize __wrap__ZNSt12__basic_fileIcE6xsputnEPKci(File* self, const char* s,
                                                          std::streamsize n) {
    return write_all(self->file(), s, n);
}

std::streamsize __wrap__ZNSt12__basic_fileIcE8xsputn_2EPKciS2_i(File* self, const char* s1,
                                                                std::streamsize n1, const char* s2,
                                                                std::streamsize n2) {
    std::streamsize done = n1 != 0 ? write_all(self->file(), s1, n1) : 0;
    if (done == n1) {
        done += write_all(self->file(), s2, n2);
    }
    return done;
}

std::streamoff __wrap__ZNSt12__basic_fileIcE7seekoffExSt12_Ios_Seekdir(File* self,
                                                                       std::streamoff off,
                                                                       std::ios_base::seekdir way) {
    if (fseeko(self->file(), static_cast<off_t>(off), static_cast<int>(way)) != 0) {
        return -1;
    }
    return ftello(self->file());
}

std::streamsize __wrap__ZNSt12__basic_fileIcE9showmanycEv(File* self) {
    struct stat st {};
    if (fstat(fileno(self->file()), &st) != 0 || !S_ISREG(st.st_mode)) {
        return 0;
    }
    const off_t at = ftello(self->file());
    return at < 0 || st.st_size < at ? 0 : static_cast<std::streamsize>(st.st_size - at);
}

}  // extern "C"
