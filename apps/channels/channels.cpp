// channels: the Rust by Example mpsc example. N threads each send their id down a channel;
// main receives exactly N ids, joins the threads and prints what it got.
//
//     channels [N]      N threads (default 3, at most 32)
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "mcustd/sync/channel.hpp"
#include "mcustd/thread_stack.hpp"

namespace {

constexpr int kMaxThreads = 32;
constexpr std::size_t kChildStack = 3072;  // a send and one printf

std::string list(const std::vector<int>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        s += (i ? ", " : "") + std::to_string(v[i]);
    }
    return s + "]";
}

}  // namespace

int channels_main(int argc, char** argv) {
    int nthreads = 3;
    if (argc > 2) {
        std::fprintf(stderr, "usage: %s [THREADS 1..%d]\n", argv[0], kMaxThreads);
        return 2;
    }
    if (argc == 2) {
        std::string_view arg(argv[1]);
        auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), nthreads);
        if (ec != std::errc() || end != arg.data() + arg.size() || nthreads < 1 ||
            nthreads > kMaxThreads) {
            std::fprintf(stderr, "usage: %s [THREADS 1..%d]\n", argv[0], kMaxThreads);
            return 2;
        }
    }

    // Channels have two endpoints: the Sender and the Receiver.
    auto [tx, rx] = mcustd::sync::channel<int>();
    std::vector<std::thread> children;
    {
        mcustd::StackSizeScope stack(kChildStack);
        for (int id = 0; id < nthreads; ++id) {
            // The sender endpoint can be copied (cloned); each thread takes its own.
            children.emplace_back([id, thread_tx = tx] {
                // The thread takes ownership over `thread_tx`, sends its id, and drops it.
                if (!thread_tx.send(id)) {
                    std::printf("thread %d: receiver gone\n", id);
                    return;
                }
                std::printf("thread %d finished\n", id);
            });
        }
    }

    // Here, all the messages are collected. recv blocks until one is available.
    std::vector<int> ids;
    ids.reserve(static_cast<std::size_t>(nthreads));
    for (int i = 0; i < nthreads; ++i) {
        if (auto id = rx.recv()) {
            ids.push_back(*id);
        }
    }
    for (auto& child : children) {
        child.join();
    }
    std::printf("received: %s\n", list(ids).c_str());
    std::sort(ids.begin(), ids.end());
    std::printf("sorted: %s\n", list(ids).c_str());
    return static_cast<int>(ids.size()) == nthreads ? 0 : 1;
}
