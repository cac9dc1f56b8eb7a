// Self-check: std::abort() must be reported as this test's abort, not as a pass or a hang.
// expect: runtime-fail abort
#include <cstdlib>

int main() {
    std::abort();
}
