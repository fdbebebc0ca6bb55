#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/core/printable.hpp>

namespace pgdatahub {

Logger& logger() {
  static Logger instance;
  return instance;
}

void Logger::open(const std::filesystem::path& path) {
  m_file.reset(path.empty() ? nullptr : std::fopen(path.c_str(), "a"));
}

namespace {

// "2024-05-01 09:30:00" for text lines, "2024-05-01T09:30:00Z" (the JSON
// contract's times) for JSON lines.
std::string utc_stamp(const char* format) {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, format, &utc);
  return stamp;
}

constexpr const char* level_names[] = {"DEBUG", "INFO", "WARNING", "ERROR"};
constexpr const char* json_level_names[] = {"debug", "info", "warning", "error"};

}  // namespace

void Logger::write(LogLevel level, std::string_view message) {
  if (!m_file) return;
  const auto index = static_cast<std::size_t>(level);
  if (m_format == LogFormat::Json) {
    // nlohmann escapes every control character, so a line stays one line.
    const nlohmann::ordered_json line = {{"time", utc_stamp("%Y-%m-%dT%H:%M:%SZ")},
                                         {"level", json_level_names[index]},
                                         {"message", std::string(message)}};
    std::fprintf(m_file.get(), "%s\n",
                 line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    // One line per entry whatever the message holds: names in it are hostile.
    const std::string line = printable(message);
    std::fprintf(m_file.get(), "%s %s %s\n", utc_stamp("%Y-%m-%d %H:%M:%S").c_str(),
                 level_names[index], line.c_str());
  }
  std::fflush(m_file.get());
}

void Logger::write_event(LogLevel level, std::string_view event, std::string_view text,
                         const nlohmann::json& fields) {
  if (m_format == LogFormat::Text) {
    if (!text.empty()) write(level, text);
    return;
  }
  if (!m_file) return;
  nlohmann::ordered_json line = {{"time", utc_stamp("%Y-%m-%dT%H:%M:%SZ")},
                                 {"level", json_level_names[static_cast<std::size_t>(level)]},
                                 {"event", std::string(event)}};
  for (const auto& [key, value] : fields.items()) line[key] = value;
  std::fprintf(m_file.get(), "%s\n",
               line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  std::fflush(m_file.get());
}

}  // namespace pgdatahub
