#pragma once
// The one logger: timestamped lines appended to etl.log. The command line
// decides what reaches the terminal; the library only logs.
#include <nlohmann/json_fwd.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace pgdatahub {

enum class LogLevel { Debug, Info, Warning, Error };

// ETL_LOG_FORMAT: "text" lines for people, or "json" lines for log shippers
// (one object a line: {"time", "level", "message"}, and events of a run with
// the JSON contract's field names; docs/json.md).
enum class LogFormat { Text, Json };

class Logger {
 public:
  // Opens (appends to) `path`; an empty path logs nowhere. Returns why the
  // file cannot be written, empty when it can: the caller says so.
  std::string open(const std::filesystem::path& path);
  void set_debug(bool enabled) { m_debug = enabled; }
  bool debug_enabled() const { return m_debug; }
  void set_format(LogFormat format) { m_format = format; }
  LogFormat format() const { return m_format; }
  void write(LogLevel level, std::string_view message);
  // One event of a run (a file's outcome, a schema change, a pause, a stop):
  // in JSON format the line {"time", "level", "event", ...the members of the
  // object `fields`}; in text format `text` as write() writes it (nothing
  // when it is empty).
  void write_event(LogLevel level, std::string_view event, std::string_view text,
                   const nlohmann::json& fields);

 private:
  struct Closer {
    void operator()(std::FILE* file) const noexcept { std::fclose(file); }
  };
  std::unique_ptr<std::FILE, Closer> m_file;
  bool m_debug = false;
  LogFormat m_format = LogFormat::Text;
};

Logger& logger();

inline void log_info(std::string_view message) { logger().write(LogLevel::Info, message); }
inline void log_warning(std::string_view message) { logger().write(LogLevel::Warning, message); }
inline void log_error(std::string_view message) { logger().write(LogLevel::Error, message); }
inline void log_debug(std::string_view message) {
  if (logger().debug_enabled()) logger().write(LogLevel::Debug, message);
}

}  // namespace pgdatahub
