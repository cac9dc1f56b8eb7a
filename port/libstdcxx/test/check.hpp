// A minimal assertion harness for test images: CHECK records a failure with its location, and
// finish() prints PASS/FAIL for the runner (board/mps2-an386/qemu/run.py) and gives main's status.
#pragma once

#include <cstdio>

namespace mcustd::test {

inline int failures = 0;

inline void check(bool ok, const char* expr, const char* file, int line) {
    if (!ok) {
        ++failures;
        std::printf("FAIL %s:%d: %s\n", file, line, expr);
    }
}

// Announces a test case (so a crash's position in the log names it) and runs it.
template <typename F>
void run(const char* name, F&& f) {
    std::printf("== %s\n", name);
    std::fflush(stdout);
    f();
}

inline int finish(const char* name) {
    std::printf("%s %s (%d failures)\n", failures == 0 ? "PASS" : "FAIL", name, failures);
    std::fflush(stdout);
    return failures == 0 ? 0 : 1;
}

}  // namespace mcustd::test

#define CHECK(expr) ::mcustd::test::check(static_cast<bool>(expr), #expr, __FILE__, __LINE__)
