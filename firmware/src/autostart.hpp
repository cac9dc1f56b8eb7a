// The image's boot-time web server and the shell commands that come with it (web, net). Built
// into images that carry apps/webserver and the /rom site (firmware/CMakeLists.txt).
#pragma once

#include <span>

namespace mcustd::firmware {

// A shell command an image adds to the fixed ones in commands.cpp.
struct ImageCommand {
    const char* name;
    int (*fn)(int argc, char** argv);
};

// The image's extra commands; a weak default in commands.cpp returns none.
std::span<const ImageCommand> image_commands() noexcept;

// Starts the network and the web server (pool, 4 workers, port 80, the site served zero-copy
// from the ROMFS image in flash) on a background thread; returns once it listens or failed.
void web_autostart();

}  // namespace mcustd::firmware
