#include <pgdatahub/cli/signals.hpp>

#include <csignal>
#include <unistd.h>

namespace pgdatahub::cli {
namespace {

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int signal_number) {
  if (stop_requested.exchange(true) && signal_number == SIGINT) {
    constexpr char message[] = "\npgdatahub: stopped at once; the file in flight is rolled back\n";
    (void)!write(STDERR_FILENO, message, sizeof message - 1);
    _exit(130);
  }
}

}  // namespace

const std::atomic<bool>& install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return stop_requested;
}

}  // namespace pgdatahub::cli
