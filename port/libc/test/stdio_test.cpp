// stdio from preempted threads (port/libc/stdio_locks.cpp): lines printed concurrently through
// printf, puts, fwrite, fputs, putc under flockfile and std::cout reach descriptor 1 whole and
// exactly once, the heap returns to its baseline, and a thread blocked reading stdin does not
// hold up output. Without the stream locks the first case tears and loses lines.
#include <fcntl.h>
#include <malloc.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "../../libstdcxx/test/check.hpp"
#include "mcustd/vfs.hpp"

namespace vfs = mcustd::vfs;

namespace {

constexpr int kThreads = 4;
constexpr int kMethods = 6;  // printf, puts, fwrite, fputs, putc under flockfile, std::cout
constexpr int kLines = 400;  // per thread and method: ~1 s of guest time, ~100 slices of 10 ms
constexpr std::size_t kPayload = 32;
constexpr char kMethodTag[kMethods] = {'P', 'U', 'W', 'S', 'C', 'O'};

// "T<thread> <method> <seq> <payload>": the payload depends on all three, so a line spliced
// from two others, or cut short, does not validate.
void payload(int t, int m, int seq, char* out) {
    for (std::size_t i = 0; i < kPayload; ++i) {
        out[i] = static_cast<char>('a' + (t * 7 + m * 5 + seq + static_cast<int>(i)) % 26);
    }
    out[kPayload] = '\0';
}

// Stands in for the console on descriptor 1 while the threads print: it checks every line as it
// arrives and counts it, instead of sending 440 KB to the UART. Its own mutex keeps the checker
// consistent whatever the writers do (the console driver is likewise safe per write()).
class LineChecker final : public vfs::OpenFile {
  public:
    long write(const void* buf, std::size_t n) override {
        // A UART takes time per byte, and picolibc's flush writes straight from the stream's
        // buffer: that time is the window in which an unlocked writer overwrites the bytes
        // being sent. About 2 us a byte here (the console's 115200 baud would be 87 us).
        for (std::size_t spin = 0; spin < n * 40; ++spin) {
            __asm__ volatile("");  // kept: the loop is the delay
        }
        const std::lock_guard lock(mutex_);
        const auto* p = static_cast<const char*>(buf);
        for (std::size_t i = 0; i < n; ++i) {
            if (p[i] == '\n') {
                end_line();
            } else if (length_ < sizeof line_ - 1) {
                line_[length_++] = p[i];
            } else {
                overlong_ = true;
            }
        }
        return static_cast<long>(n);
    }

    // Every (thread, method, seq) seen exactly once, nothing else, nothing left unterminated.
    bool complete(int& missing, int& duplicated) const {
        missing = 0;
        duplicated = 0;
        for (const auto& per_thread : seen_) {
            for (const auto& per_method : per_thread) {
                for (const std::uint8_t count : per_method) {
                    missing += count == 0 ? 1 : 0;
                    duplicated += count > 1 ? 1 : 0;
                }
            }
        }
        return missing == 0 && duplicated == 0 && torn_ == 0 && length_ == 0;
    }
    int torn() const { return torn_; }
    // The first three lines that did not validate, for the log.
    const char* torn_line(int i) const { return first_torn_[i]; }
    int lines() const { return lines_; }

  private:
    void end_line() {
        line_[length_] = '\0';
        ++lines_;
        if (overlong_ || !record()) {
            if (torn_ < 3) {
                std::memcpy(first_torn_[torn_], line_, sizeof line_);
            }
            ++torn_;
        }
        length_ = 0;
        overlong_ = false;
    }

    // Parsed by hand: this runs on the printing threads' 4 KiB stacks, under their printf.
    bool record() {
        const char* p = line_;
        if (p[0] != 'T' || p[1] < '0' || p[1] >= '0' + kThreads || p[2] != ' ' || p[4] != ' ') {
            return false;
        }
        const int t = p[1] - '0';
        const char tag = p[3];
        int seq = 0;
        for (int i = 5; i < 9; ++i) {
            if (p[i] < '0' || p[i] > '9') {
                return false;
            }
            seq = seq * 10 + (p[i] - '0');
        }
        if (seq >= kLines || p[9] != ' ') {
            return false;
        }
        const int used = 10;
        const void* found = std::memchr(kMethodTag, tag, sizeof kMethodTag);
        if (found == nullptr) {
            return false;
        }
        const int m = static_cast<int>(static_cast<const char*>(found) - kMethodTag);
        char expected[kPayload + 1];
        payload(t, m, seq, expected);
        if (std::strcmp(line_ + used, expected) != 0) {
            return false;
        }
        std::uint8_t& count = seen_[t][m][seq];
        count = static_cast<std::uint8_t>(count < 255 ? count + 1 : count);
        return true;
    }

    std::mutex mutex_;
    char first_torn_[3][80] = {};
    char line_[80] = {};
    std::size_t length_ = 0;
    bool overlong_ = false;
    int lines_ = 0;
    int torn_ = 0;
    std::uint8_t seen_[kThreads][kMethods][kLines] = {};
};

void print_lines(int t) {
    char text[kPayload + 1];
    char line[80];
    for (int seq = 0; seq < kLines; ++seq) {
        for (int m = 0; m < kMethods; ++m) {
            payload(t, m, seq, text);
            const int n =
                std::snprintf(line, sizeof line, "T%d %c %04d %s\n", t, kMethodTag[m], seq, text);
            switch (m) {
                case 0:
                    std::printf("T%d %c %04d %s\n", t, kMethodTag[m], seq, text);
                    break;
                case 1:
                    line[n - 1] = '\0';  // puts adds the newline
                    std::puts(line);
                    break;
                case 2:
                    std::fwrite(line, 1, static_cast<std::size_t>(n), stdout);
                    break;
                case 3:
                    std::fputs(line, stdout);
                    break;
                case 4:
                    // One character at a time: whole only because flockfile groups the putc calls.
                    flockfile(stdout);
                    for (int i = 0; i < n; ++i) {
                        std::putc(line[i], stdout);
                    }
                    funlockfile(stdout);
                    break;
                default:
                    std::cout << line;  // libstdc++'s stdio_sync_filebuf: one fwrite
                    break;
            }
        }
    }
}

void lines_arrive_whole_and_once() {
    std::printf("baseline\n");  // stdout's buffer exists before the heap baseline
    std::cout << "cout ready" << std::endl;
    std::fflush(stdout);
    auto checker = std::make_shared<LineChecker>();
    const std::shared_ptr<vfs::OpenFile> console = vfs::get(1);
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    CHECK(vfs::install_at(1, checker, O_WRONLY) == 1);
    const auto before = mallinfo().uordblks;
    const auto start = std::chrono::steady_clock::now();
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back(print_lines, t);
    }
    for (auto& th : threads) {
        th.join();
    }
    std::fflush(stdout);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    threads.clear();
    const auto after = mallinfo().uordblks;
    CHECK(vfs::install_at(1, console, O_RDWR) == 1);  // CHECK prints: only with the UART back

    int missing = 0;
    int duplicated = 0;
    const bool complete = checker->complete(missing, duplicated);
    std::printf("lines %d (expected %d), torn %d, missing %d, duplicated %d\n", checker->lines(),
                kThreads * kMethods * kLines, checker->torn(), missing, duplicated);
    for (int i = 0; i < checker->torn() && i < 3; ++i) {
        std::printf("torn: \"%s\"\n", checker->torn_line(i));
    }
    std::printf("heap in use %u before, %u after; %d ms of printing\n",
                static_cast<unsigned>(before), static_cast<unsigned>(after),
                static_cast<int>(ms.count()));
    CHECK(complete);
    CHECK(checker->lines() == kThreads * kMethods * kLines);
    CHECK(after == before);
}

// A thread parked in fgetc(stdin) holds stdin's lock, not stdout's: other threads print, flush
// and fflush(NULL) meanwhile. The runner types a line once it sees "reader parked".
void blocked_reader_does_not_block_output() {
    std::atomic<int> got{0};
    std::atomic<bool> reading{false};
    std::thread reader([&] {
        reading = true;
        got = std::fgetc(stdin);
    });
    while (!reading) {
        std::this_thread::yield();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // into the blocking read
    std::thread writer([] {
        std::printf("writer printed while the reader waits\n");
        std::fprintf(stderr, "stderr too\n");
        std::cout << "and std::cout" << std::endl;
        CHECK(std::fflush(nullptr) == 0);  // skips stdin instead of waiting for its reader
    });
    writer.join();
    std::printf("reader parked\n");
    std::fflush(stdout);
    reader.join();
    CHECK(got == 'q');
    std::printf("reader got '%c'\n", got.load());
}

}  // namespace

int main() {
    mcustd::test::run("lines_arrive_whole_and_once", lines_arrive_whole_and_once);
    mcustd::test::run("blocked_reader_does_not_block_output", blocked_reader_does_not_block_output);
    return mcustd::test::finish("port_libc_stdio");
}
