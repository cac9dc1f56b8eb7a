// The shell's built-in commands: one per app registered with mcustd_add_app. The table is
// generated at configure time (firmware/CMakeLists.txt) from the MCUSTD_APPS global property.
#pragma once

#include <cstddef>
#include <span>

namespace mcustd::firmware {

struct Builtin {
    const char* name;
    int (*main)(int argc, char** argv);
    std::size_t stack_size;  // declared beside the app (STACK_SIZE in its CMakeLists.txt)
};

std::span<const Builtin> builtins() noexcept;

}  // namespace mcustd::firmware
