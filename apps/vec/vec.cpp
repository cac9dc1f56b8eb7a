// vec: std::vector, std::string and <algorithm>, like the talk's Vec/String example.
//
//     vec [N...]     sorts the integers given (or a built-in list), prints sum, min, max,
//                    the evens, and the numbers spelled out as one joined string.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

namespace {

int usage(const char* argv0) {
    std::fprintf(stderr, "usage: %s [INTEGER...]\n", argv0);
    return 2;
}

std::string join(const std::vector<long>& v, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i != 0) {
            out += sep;
        }
        out += std::to_string(v[i]);
    }
    return out;
}

}  // namespace

int vec_main(int argc, char** argv) {
    std::vector<long> v;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg(argv[i]);
        long n = 0;
        auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), n);
        if (arg.empty() || ec != std::errc() || end != arg.data() + arg.size()) {
            std::fprintf(stderr, "vec: not an integer: '%s'\n", argv[i]);
            return usage(argv[0]);
        }
        v.push_back(n);
    }
    if (v.empty()) {
        v = {5, 3, 9, 1, 4, 8, 2};
    }

    std::sort(v.begin(), v.end());
    long sum = std::accumulate(v.begin(), v.end(), 0L);
    auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    std::vector<long> evens;
    std::copy_if(v.begin(), v.end(), std::back_inserter(evens), [](long x) { return x % 2 == 0; });
    v.erase(std::unique(v.begin(), v.end()), v.end());

    std::printf("sorted: %s\n", join(v, " ").c_str());
    std::printf("sum: %ld min: %ld max: %ld\n", sum, *lo, *hi);
    std::printf("evens: [%s]\n", join(evens, ", ").c_str());
    std::string s = "vec";
    s += " has ";
    s += std::to_string(v.size());
    s += v.size() == 1 ? " distinct value" : " distinct values";
    std::printf("%s\n", s.c_str());
    return 0;
}
