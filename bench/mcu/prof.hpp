// A PC-sampling profile of the running image (bench/mcu.sh's per-component breakdown): the
// board's profiler timer (board_prof_start) reports the interrupted program counter every
// `period` core clocks, and each sample lands in a histogram of code addresses (16-byte buckets
// over .text). bench/mcu_prof.py maps the buckets to functions and components with the ELF and
// its map file.
#pragma once

#include <cstdint>

namespace prof {

// Clears the histograms and starts sampling; false if the board has no profiler timer.
bool start(std::uint32_t period_cycles);
// Adds a focus range [lo, hi) of code addresses (up to 8, kept until reset_focus): a sample whose
// PC is in one also counts its LR in a second histogram, so a leaf function's time (memcpy,
// memset) is split by caller. False when the table is full or the range is empty.
bool focus(std::uint32_t lo, std::uint32_t hi);
void reset_focus();
void stop();
// Prints the histograms on stdout: a header line, one "p INDEX COUNT" line per non-empty PC
// bucket, one "c INDEX COUNT" line per non-empty caller (LR) bucket, then "prof done".
void dump();

}  // namespace prof
