#include "support/database_fixture.hpp"

#include <thread>

namespace pgdatahub::test {

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  constexpr auto poll_interval = std::chrono::milliseconds(20);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(poll_interval);
  }
  return true;
}

bool DatabaseFixture::someone_waits_for_a_table_lock() {
  return eventually([this] {
    return scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") !=
           "0";
  });
}

}  // namespace pgdatahub::test
