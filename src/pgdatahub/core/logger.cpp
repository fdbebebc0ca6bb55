#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/core/printable.hpp>

namespace pgdatahub {

Logger& logger() {
  static Logger instance;
  return instance;
}

std::string Logger::open(const std::filesystem::path& path) {
  m_file.reset(path.empty() ? nullptr : std::fopen(path.c_str(), "a"));
  if (path.empty() || m_file) return {};
  return std::strerror(errno);
}

void Logger::write(LogLevel level, std::string_view message) {
  if (!m_file) return;
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &utc);
  static constexpr const char* names[] = {"DEBUG", "INFO", "WARNING", "ERROR"};
  // One line per entry whatever the message holds: names in it are hostile.
  const std::string line = printable(message);
  std::fprintf(m_file.get(), "%s %s %s\n", stamp, names[static_cast<int>(level)], line.c_str());
  std::fflush(m_file.get());
}

}  // namespace pgdatahub
