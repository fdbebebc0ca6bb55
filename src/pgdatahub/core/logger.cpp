#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/core/utc_time.hpp>

namespace pgdatahub {

Logger& logger() {
  static Logger instance;
  return instance;
}

void Logger::open(const std::filesystem::path& path) {
  m_file.reset(path.empty() ? nullptr : std::fopen(path.c_str(), "a"));
}

void Logger::write(LogLevel level, std::string_view message) {
  if (!m_file) return;
  const std::string stamp = utc_now(UtcStyle::Log);
  static constexpr const char* names[] = {"DEBUG", "INFO", "WARNING", "ERROR"};
  // One line per entry whatever the message holds: names in it are hostile.
  const std::string line = printable(message);
  std::fprintf(m_file.get(), "%s %s %s\n", stamp.c_str(), names[static_cast<int>(level)],
               line.c_str());
  std::fflush(m_file.get());
}

}  // namespace pgdatahub
