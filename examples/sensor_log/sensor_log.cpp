// sensor_log: an app of your own, built outside the mcustd tree (see CMakeLists.txt beside it).
// A sampler thread reads a (simulated) sensor into a shared log; the app's thread then reports
// count, min, max and mean. Standard C++ only: the same file runs on the host and on the MCU.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <mutex>
#include <numeric>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

namespace {

// Stands in for an ADC read: deterministic, so a test can check the figures.
int read_sensor(int i) noexcept {
    return 200 + (i * 37) % 50;
}

struct SampleLog {
    std::mutex mutex;
    std::vector<int> samples;
};

void sample(SampleLog& log, int count) {
    for (int i = 0; i < count; ++i) {
        const int value = read_sensor(i);
        const std::lock_guard lock(log.mutex);
        log.samples.push_back(value);
    }
}

}  // namespace

int sensor_log_main(int argc, char** argv) {
    int count = 8;
    if (argc > 2) {
        std::fputs("usage: sensor_log [samples 1..1000]\n", stderr);
        return 2;
    }
    if (argc == 2) {
        const std::string_view arg(argv[1]);
        auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), count);
        if (ec != std::errc{} || end != arg.data() + arg.size() || count < 1 || count > 1000) {
            std::fputs("usage: sensor_log [samples 1..1000]\n", stderr);
            return 2;
        }
    }

    SampleLog log;
    std::thread sampler(sample, std::ref(log), count);
    sampler.join();

    const auto [min, max] = std::minmax_element(log.samples.begin(), log.samples.end());
    const long sum = std::accumulate(log.samples.begin(), log.samples.end(), 0L);
    // %lu, not %zu: Debian's newlib for arm-none-eabi is built without C99 printf formats.
    const auto n = static_cast<unsigned long>(log.samples.size());
    std::printf("sensor_log: %lu samples, min %d, max %d, mean %ld\n", n, *min, *max,
                sum / static_cast<long>(n));
    return 0;
}
