#include <pgdatahub/cli/signals.hpp>

#include <unistd.h>

#include <csignal>

namespace pgdatahub::cli {
namespace {

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int signal_number) {
  if (!stop_requested.exchange(true)) {
    constexpr char message[] =
        "\npgdatahub: stopping at the next safe point and saving the state (Ctrl-C again: stop at "
        "once)\n";
    (void)!write(STDERR_FILENO, message, sizeof message - 1);
    return;
  }
  if (signal_number == SIGINT) {
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
