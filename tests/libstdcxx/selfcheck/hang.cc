// Self-check: a test that never finishes must be killed at its timeout and reported as a
// timeout (3 s here rather than the suite's 60, to keep the run short).
// expect: timeout
// { dg-timeout-factor 0.05 }
int main() {
    volatile unsigned spins = 0;
    for (;;)
        spins = spins + 1;
}
