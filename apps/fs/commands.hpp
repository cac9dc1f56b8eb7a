// The fs app's commands (fs.cpp parses the command line). Each returns the process status:
// kOk, or kFailed after printing "fs: <path>: <reason>" on stderr.
#pragma once

#include <string>

namespace fs_app {

inline constexpr int kOk = 0;
inline constexpr int kFailed = 1;
inline constexpr int kUsage = 2;

// Prints "fs: <message>" on stderr; returns kFailed.
int fail(const std::string& message);

// The tree below `dir` (std::filesystem::recursive_directory_iterator): one line per entry,
// "<size> <path below dir>" for files and "- <path>/" for directories, then a summary line.
int tree(const std::string& dir);

// std::filesystem::copy_file(from, to), replacing `to`; prints the bytes copied.
int copy(const std::string& from, const std::string& to);

// Writes `text` and a newline to `file` with std::ofstream, reads the file back with
// std::ifstream and checks the bytes are the same.
int write_and_read_back(const std::string& file, const std::string& text);

}  // namespace fs_app
