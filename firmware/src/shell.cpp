// Line editing and dispatch for the console shell.
#include "shell.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "builtins.hpp"
#include "commands.hpp"

namespace mcustd::firmware {
namespace {

// Reads one line with echo and backspace; false at end of input.
bool read_line(char* buf, std::size_t size) {
    std::size_t len = 0;
    for (;;) {
        char c = 0;
        if (::read(STDIN_FILENO, &c, 1) != 1) {
            return false;
        }
        if (c == '\r' || c == '\n') {
            if (len == 0) {
                continue;  // the '\n' of a "\r\n" pair, or an empty line
            }
            std::fputs("\n", stdout);
            buf[len] = '\0';
            return true;
        }
        if ((c == '\b' || c == 0x7f) && len > 0) {
            --len;
            std::fputs("\b \b", stdout);
        } else if (c >= ' ' && len + 1 < size) {
            buf[len++] = c;
            std::fputc(c, stdout);
        }
        std::fflush(stdout);
    }
}

}  // namespace

int run_line(char* line) {
    char* argv[kMaxArgs + 1] = {};
    int argc = 0;
    // Split in place at spaces and tabs.
    for (char* p = line; *p != '\0' && argc < kMaxArgs;) {
        while (*p == ' ' || *p == '\t') {
            *p++ = '\0';
        }
        if (*p == '\0') {
            break;
        }
        argv[argc++] = p;
        while (*p != '\0' && *p != ' ' && *p != '\t') {
            ++p;
        }
    }
    if (argc == 0) {
        return 0;
    }
    bool found = false;
    const int rc = run_shell_command(argc, argv, &found);
    if (found) {
        return rc;
    }
    for (const Builtin& app : builtins()) {
        if (std::strcmp(app.name, argv[0]) == 0) {
            return run_app(app, argc, argv);
        }
    }
    std::printf("nsh: %s: command not found\n", argv[0]);
    return 127;
}

int shell_loop() {
    static char line[kMaxLine];
    for (;;) {
        std::fputs(kPrompt, stdout);
        std::fflush(stdout);
        if (!read_line(line, sizeof line)) {
            return 0;
        }
        if (std::strncmp(line, "exit", 4) == 0 && (line[4] == '\0' || line[4] == ' ')) {
            return line[4] == ' ' ? std::atoi(line + 5) : 0;
        }
        const int rc = run_line(line);
        if (rc != 0) {
            std::printf("nsh: exit status %d\n", rc);
        }
        std::fflush(stdout);
    }
}

}  // namespace mcustd::firmware
