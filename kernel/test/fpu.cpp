// FPU context switching: three equal-priority threads keep distinct values in all 32 FPU
// registers across many time slices, and two compute float series that must match the values
// computed before any switching happened.
#include "ktest.hpp"

extern "C" int fpu_fill_and_check(uint32_t seed, uint32_t spins);

namespace {
constexpr int kRounds = 40;

float series(int n, float x) {
    volatile float acc = 0.0f;  // keep the math in FPU registers, step by step
    for (int i = 1; i <= n; ++i)
        acc = acc + x / static_cast<float>(i) - acc * 0.0001f;
    return acc;
}

struct Job {
    uint32_t seed;
    float x;
    float expected;
    int failures;
};

void* run(void* arg) {
    auto* job = static_cast<Job*>(arg);
    for (int r = 0; r < kRounds; ++r) {
        job->failures += fpu_fill_and_check(job->seed, 200000);  // ~1.6 ms at -icount 3
        if (series(3000, job->x) != job->expected)
            ++job->failures;
    }
    return nullptr;
}

k_thread threads[3];
ktest::Stack<2048> stacks[3];
}  // namespace

int main() {
    Job jobs[3] = {
        {0x3f800000u, 1.5f, 0, 0}, {0x40000000u, -2.25f, 0, 0}, {0x7f000000u, 0.1f, 0, 0}};
    for (auto& j : jobs)
        j.expected = series(3000, j.x);
    uint64_t start = k_now_us();
    for (int i = 0; i < 3; ++i)
        KCHECK(k_thread_create(&threads[i], "fpu", K_PRIO_DEFAULT - 1, stacks[i].bytes,
                               sizeof stacks[i].bytes, run, &jobs[i]) == 0);
    for (auto& t : threads)
        KCHECK(k_thread_join(&t, nullptr) == 0);
    uint64_t took = k_now_us() - start;
    ktest::say_num("elapsed us ", took);
    KCHECK(took > 3 * 10 * K_TIME_SLICE_TICKS * 1000u);  // long enough for many slices
    for (auto& j : jobs)
        KCHECK(j.failures == 0);
    ktest::pass("kernel_fpu");
}
