#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/core/utc_time.hpp>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>

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

namespace {

constexpr const char* level_names[] = {"DEBUG", "INFO", "WARNING", "ERROR"};
constexpr const char* json_level_names[] = {"debug", "info", "warning", "error"};

}  // namespace

void Logger::write(LogLevel level, std::string_view message) {
  if (!m_file) return;
  const auto index = static_cast<std::size_t>(level);
  if (m_format == LogFormat::Json) {
    // nlohmann escapes every control character, so a line stays one line.
    const nlohmann::ordered_json line = {{"time", utc_now(UtcStyle::Iso8601)},
                                         {"level", json_level_names[index]},
                                         {"message", std::string(message)}};
    std::fprintf(m_file.get(), "%s\n",
                 line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    // One line per entry whatever the message holds: names in it are hostile.
    const std::string line = printable(message);
    std::fprintf(m_file.get(), "%s %s %s\n", utc_now(UtcStyle::Log).c_str(), level_names[index],
                 line.c_str());
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
  nlohmann::ordered_json line = {{"time", utc_now(UtcStyle::Iso8601)},
                                 {"level", json_level_names[static_cast<std::size_t>(level)]},
                                 {"event", std::string(event)}};
  for (const auto& [key, value] : fields.items()) line[key] = value;
  std::fprintf(m_file.get(), "%s\n",
               line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  std::fflush(m_file.get());
}

}  // namespace pgdatahub
