// Self-check: a failing VERIFY prints its message and aborts; the runner must charge that to
// this test as an abort, on the host (SIGABRT) and on the MCU (exit code 134).
// expect: runtime-fail abort
// expect-output: Assertion 'answer == 41' failed
#include <testsuite_hooks.h>

int main() {
    volatile int answer = 42;
    VERIFY(answer == 41);
}
