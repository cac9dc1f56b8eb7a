// A PC-sampling profile of the running image (bench/mcu.sh's per-component breakdown): the
// board's profiler timer (board_prof_start) reports the interrupted program counter every
// `period` core clocks, and each sample lands in a histogram of code addresses (16-byte buckets
// over .text). bench/mcu_prof.py maps the buckets to functions and components with the ELF and
// its map file.
#pragma once

#include <cstdint>

namespace prof {

// Clears the histogram and starts sampling; false if the board has no profiler timer.
bool start(std::uint32_t period_cycles);
void stop();
// Prints the histogram on stdout: a header line, one "p INDEX COUNT" line per non-empty bucket,
// then "prof done".
void dump();

}  // namespace prof
