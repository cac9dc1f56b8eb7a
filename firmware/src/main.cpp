// The MCU image's main(): a banner, then the console shell until `exit`.
#include <cstdio>

#include "shell.hpp"

int main() {
    std::puts("mcustd on mps2-an386: type `help`");
    return mcustd::firmware::shell_loop();
}
