// A tiny console shell in the style of NuttX's nsh: reads a line from the UART, splits it into
// words and runs the named command. Apps run in a thread of their own with their declared stack,
// so each run starts from a clean stack and leaves nothing behind but what it leaked.
#pragma once

#include <cstddef>

namespace mcustd::firmware {

inline constexpr const char* kPrompt = "nsh> ";
inline constexpr std::size_t kMaxLine = 128;
inline constexpr int kMaxArgs = 16;

// Runs one command line; returns the command's exit status (127 for an unknown command).
int run_line(char* line);

// Reads and runs lines until `exit`; returns its status.
int shell_loop();

}  // namespace mcustd::firmware
