// The MCU image's main(): mounts /rom when the image carries it (/tmp is mounted before main() by
// mcustd_image_tmp()), then runs the console shell until `exit`.
#include <cstdio>
#include <cstring>

#include "board/board.h"
#include "shell.hpp"

#ifdef MCUSTD_FIRMWARE_WEB
#include "autostart.hpp"
#endif

#ifdef MCUSTD_FIRMWARE_ROM
#include <mcustd/rom_mount.hpp>
#endif

int main() {
#ifdef MCUSTD_FIRMWARE_ROM
    if (const int rc = mcustd::rom::mount(); rc != 0) {
        std::printf("mount /rom: %s\n", std::strerror(-rc));
    }
#endif
    std::puts("mcustd on " BOARD_NAME ": type `help`");  // the board layer names its board
#ifdef MCUSTD_FIRMWARE_WEB
    mcustd::firmware::web_autostart();  // background thread; `web stop` ends it
#endif
    return mcustd::firmware::shell_loop();
}
