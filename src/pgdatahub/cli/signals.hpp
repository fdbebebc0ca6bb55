#pragma once
// Ctrl-C and SIGTERM ask the run to stop at its next safe point; a second
// Ctrl-C ends the process at once (the server rolls back the open file).
#include <atomic>

namespace pgdatahub::cli {

// Installs the handlers and returns the flag they set.
const std::atomic<bool>& install_stop_handlers();

}  // namespace pgdatahub::cli
