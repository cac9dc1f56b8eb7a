// The engine's one clock: monotonic, so timeouts survive wall-clock changes.
#pragma once

#include <chrono>

namespace mcustd::httpd {

using Clock = std::chrono::steady_clock;

}  // namespace mcustd::httpd
