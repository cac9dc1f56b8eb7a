// Thread-safe stdio for a newlib built without _RETARGETABLE_LOCKING.
//
// In this newlib every FILE lock (_newlib_flockfile_start, __sfp_lock_acquire, flockfile) is a
// no-op macro, and all threads share the global stdin/stdout/stderr (port/posix pthread.cpp), so
// two preempted threads printing race on one buffer's pointers: torn and lost lines, and writes
// past the buffer. The fix cannot go inside libc.a, so the linker wraps the stdio entry points
// that programs and libstdc++ call (-Wl,--wrap=<name>: the list is MCUSTD_STDIO_WRAPPED in
// port/newlib/CMakeLists.txt; a reference to printf becomes __wrap_printf, and __real_printf
// names the library's one). Each wrapper holds its stream's recursive kernel mutex around the
// real function.
//
// Four locks rather than one per FILE: stdin, stdout, stderr, and one for every other FILE and
// the FILE list (fopen/fdopen claim free FILE slots). A thread blocked reading stdin holds only
// stdin's lock, so output goes on; stderr has its own so a crash report is not queued behind a
// long stdout write, and because newlib's malloc_stats prints to stderr under the malloc lock
// while a first stdout write allocates its buffer under stdout's (one shared lock would make
// that a lock cycle). Files besides the console are RAM and flash files here: a reader never
// blocks for long, so they share a lock and the table costs 64 bytes of RAM, no allocation.
// Lock order, innermost last: stdin -> files -> stdout -> malloc -> stderr. A read that refills a
// line-buffered or unbuffered stream first flushes line-buffered output (newlib's lflush calls
// fflush, which is wrapped); fflush(NULL) walks the FILE list under the files lock; buffers
// are allocated under the stream's lock; malloc_stats prints under the malloc lock; stderr is
// unbuffered and never allocates. Nothing goes the other way.
//
// Not covered: exit()'s final flush (newlib walks the FILEs itself; the process is ending),
// the *_unlocked functions (POSIX: the caller holds flockfile, defined here), and any stdio
// function missing from the list (add it here and there).
#include <kernel/kernel.h>
#include <reent.h>

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cwchar>

extern "C" {

// The library's functions, by the names --wrap gives them. noexcept: C code throws nothing, so
// the wrappers need no unwind landing pads.
int __real_vfprintf(FILE*, const char*, va_list) noexcept;
int __real_vfiprintf(FILE*, const char*, va_list) noexcept;
int __real_puts(const char*) noexcept;
int __real_putchar(int) noexcept;
int __real_fputs(const char*, FILE*) noexcept;
int __real_fputc(int, FILE*) noexcept;
int __real_putc(int, FILE*) noexcept;
size_t __real_fwrite(const void*, size_t, size_t, FILE*) noexcept;
void __real_perror(const char*) noexcept;
int __real_fflush(FILE*) noexcept;
char* __real_fgets(char*, int, FILE*) noexcept;
int __real_fgetc(FILE*) noexcept;
int __real_getc(FILE*) noexcept;
int __real_getchar() noexcept;
int __real_ungetc(int, FILE*) noexcept;
size_t __real_fread(void*, size_t, size_t, FILE*) noexcept;
wint_t __real_getwc(FILE*) noexcept;
wint_t __real_putwc(wchar_t, FILE*) noexcept;
FILE* __real_fopen(const char*, const char*) noexcept;
FILE* __real_fdopen(int, const char*) noexcept;
FILE* __real_freopen(const char*, const char*, FILE*) noexcept;
int __real_fclose(FILE*) noexcept;
int __real_fseek(FILE*, long, int) noexcept;
int __real_fseeko(FILE*, off_t, int) noexcept;
long __real_ftell(FILE*) noexcept;
off_t __real_ftello(FILE*) noexcept;
void __real_rewind(FILE*) noexcept;
int __real_setvbuf(FILE*, char*, int, size_t) noexcept;

// newlib's walk over every FILE in use (findfp.c); not in its public headers.
int _fwalk(struct _reent*, int (*)(FILE*)) noexcept;
}  // extern "C"

namespace {

// stdin, stdout, stderr, then every other FILE and the FILE list. Zero-initialised (.bss, no
// flash): lock() makes each recursive before its first use (see there).
k_mutex locks[4];
k_mutex& file_mutex = locks[3];

// Before the scheduler runs there is one thread; an ISR must not block (and must not print).
bool locking() noexcept {
    return k_started() != 0 && k_in_isr() == 0;
}

// Out of line, like unlock(): every wrapper calls them, and this image's flash is counted in
// bytes.
[[gnu::noinline]] k_mutex* lock(k_mutex* m) noexcept {
    if (locking()) {
        // All-zero is an unlocked K_MUTEX_NORMAL; storing the same constant on every lock
        // makes it recursive without 64 bytes of initialised data (racing stores agree, and
        // the kernel reads the type only inside its own critical section, after this store).
        m->type = K_MUTEX_RECURSIVE;
        (void)k_mutex_lock(m, K_FOREVER);
    }
    return m;
}

// Every thread's stdin/stdout/stderr are the global reent's three FILEs (pthread.cpp
// init_reent), which newlib keeps in one array: the index picks the lock.
k_mutex* mutex_of(const FILE* fp) noexcept {
    const auto index =
        (reinterpret_cast<uintptr_t>(fp) - reinterpret_cast<uintptr_t>(&_GLOBAL_REENT->__sf[0])) /
        sizeof(FILE);
    return &locks[index < 3 ? index : 3];
}

[[gnu::noinline]] k_mutex* lock_stream(const FILE* fp) noexcept {
    return lock(mutex_of(fp));
}

[[gnu::noinline]] void unlock(k_mutex* m) noexcept {
    if (locking()) {
        (void)k_mutex_unlock(m);
    }
}

// Holds the stream's lock for the wrapper's scope (inline: the mutex stays in a register).
class Hold {
  public:
    [[gnu::always_inline]] explicit Hold(const FILE* fp) : m_(lock_stream(fp)) {}
    [[gnu::always_inline]] explicit Hold(k_mutex& m) : m_(lock(&m)) {}
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
    [[gnu::always_inline]] ~Hold() { unlock(m_); }

  private:
    k_mutex* m_;
};

// fflush(NULL) flushes every output stream, each under its own lock (newlib's own walk would
// flush them all unlocked). Streams not in write mode have nothing to flush, so a reader
// blocked on stdin is not waited for.
int flush_output(FILE* fp) noexcept {
    if ((fp->_flags & __SWR) == 0) {
        return 0;
    }
    const Hold hold(fp);
    return __real_fflush(fp);
}

}  // namespace

extern "C" {

// ---- formatted output: printf and friends go through the va_list form under one hold ----

int __wrap_vfprintf(FILE* fp, const char* fmt, va_list ap) noexcept {
    const Hold hold(fp);
    return __real_vfprintf(fp, fmt, ap);
}

int __wrap_vprintf(const char* fmt, va_list ap) noexcept {
    return __wrap_vfprintf(stdout, fmt, ap);
}

int __wrap_fprintf(FILE* fp, const char* fmt, ...) noexcept {
    va_list ap;
    va_start(ap, fmt);
    const int n = __wrap_vfprintf(fp, fmt, ap);
    va_end(ap);
    return n;
}

int __wrap_printf(const char* fmt, ...) noexcept {
    va_list ap;
    va_start(ap, fmt);
    const int n = __wrap_vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

// newlib's integer-only printf family: assert() and malloc_stats() print with fiprintf.
int __wrap_vfiprintf(FILE* fp, const char* fmt, va_list ap) noexcept {
    const Hold hold(fp);
    return __real_vfiprintf(fp, fmt, ap);
}

int __wrap_fiprintf(FILE* fp, const char* fmt, ...) noexcept {
    va_list ap;
    va_start(ap, fmt);
    const int n = __wrap_vfiprintf(fp, fmt, ap);
    va_end(ap);
    return n;
}

// ---- unformatted output (GCC turns printf("x\n") into puts and printf("%c") into putchar) ----

int __wrap_puts(const char* s) noexcept {
    const Hold hold(stdout);
    return __real_puts(s);
}

int __wrap_putchar(int c) noexcept {
    const Hold hold(stdout);
    return __real_putchar(c);
}

int __wrap_fputs(const char* s, FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_fputs(s, fp);
}

int __wrap_fputc(int c, FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_fputc(c, fp);
}

int __wrap_putc(int c, FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_putc(c, fp);
}

size_t __wrap_fwrite(const void* p, size_t size, size_t n, FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_fwrite(p, size, n, fp);
}

wint_t __wrap_putwc(wchar_t c, FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_putwc(c, fp);
}

void __wrap_perror(const char* s) noexcept {
    const Hold hold(stderr);
    __real_perror(s);
}

int __wrap_fflush(FILE* fp) noexcept {
    if (fp == nullptr) {
        const Hold list(file_mutex);  // no fopen/fclose changes the list under the walk
        return _fwalk(_GLOBAL_REENT, flush_output);
    }
    const Hold hold(fp);
    return __real_fflush(fp);
}

// ---- input ----

char* __wrap_fgets(char* s, int n, FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_fgets(s, n, fp);
}

int __wrap_fgetc(FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_fgetc(fp);
}

int __wrap_getc(FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_getc(fp);
}

int __wrap_getchar() noexcept {
    const Hold hold(stdin);
    return __real_getchar();
}

int __wrap_ungetc(int c, FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_ungetc(c, fp);
}

size_t __wrap_fread(void* p, size_t size, size_t n, FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_fread(p, size, n, fp);
}

wint_t __wrap_getwc(FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_getwc(fp);
}

// ---- opening and closing: fopen and fdopen claim a free FILE from the shared list ----

FILE* __wrap_fopen(const char* path, const char* mode) noexcept {
    const Hold hold(file_mutex);
    return __real_fopen(path, mode);
}

FILE* __wrap_fdopen(int fd, const char* mode) noexcept {
    const Hold hold(file_mutex);
    return __real_fdopen(fd, mode);
}

// freopen reuses fp's slot (it never claims another), so fp's lock is the one to hold.
FILE* __wrap_freopen(const char* path, const char* mode, FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_freopen(path, mode, fp);
}

// fclose frees the slot with one store to _flags as its last step; fopen, under file_mutex,
// sees the slot either in use or free.
int __wrap_fclose(FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_fclose(fp);
}

// ---- positioning and buffering ----

int __wrap_fseek(FILE* fp, long offset, int whence) noexcept {
    const Hold hold(fp);
    return __real_fseek(fp, offset, whence);
}

int __wrap_fseeko(FILE* fp, off_t offset, int whence) noexcept {
    const Hold hold(fp);
    return __real_fseeko(fp, offset, whence);
}

long __wrap_ftell(FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_ftell(fp);
}

off_t __wrap_ftello(FILE* fp) noexcept {
    const Hold hold(fp);
    return __real_ftello(fp);
}

void __wrap_rewind(FILE* fp) noexcept {
    const Hold hold(fp);
    __real_rewind(fp);
}

int __wrap_setvbuf(FILE* fp, char* buf, int mode, size_t size) noexcept {
    const Hold hold(fp);
    return __real_setvbuf(fp, buf, mode, size);
}

// ---- POSIX explicit locking: a caller groups several calls into one atomic unit ----
// This libc.a declares these in <stdio.h> but does not define them: they are ours outright.

void flockfile(FILE* fp) {
    (void)lock_stream(fp);
}

int ftrylockfile(FILE* fp) {
    if (!locking()) {
        return 0;
    }
    k_mutex* const m = mutex_of(fp);
    m->type = K_MUTEX_RECURSIVE;
    return k_mutex_trylock(m) == 0 ? 0 : -1;
}

void funlockfile(FILE* fp) {
    unlock(mutex_of(fp));
}

}  // extern "C"
