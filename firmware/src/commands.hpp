// The shell's own commands (help, free, ps, repeat, exit) and running an app in a thread.
#pragma once

#include "builtins.hpp"

namespace mcustd::firmware {

// Runs an app in a new std::thread with the app's declared stack size; returns its status.
int run_app(const Builtin& app, int argc, char** argv);

// Bytes of heap in use (mallinfo().uordblks).
unsigned long heap_in_use();

// Dispatches argv[0] to a shell command; sets *found = false if it is not one.
int run_shell_command(int argc, char** argv, bool* found);

}  // namespace mcustd::firmware
