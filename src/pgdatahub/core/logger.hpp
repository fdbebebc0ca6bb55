#pragma once
// The one logger: timestamped lines appended to etl.log. The command line
// decides what reaches the terminal; the library only logs.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace pgdatahub {

enum class LogLevel { Debug, Info, Warning, Error };

class Logger {
 public:
  // Opens (appends to) `path`; an empty path logs nowhere. Returns why the
  // file cannot be written, empty when it can: the caller says so.
  std::string open(const std::filesystem::path& path);
  void set_debug(bool enabled) { m_debug = enabled; }
  bool debug_enabled() const { return m_debug; }
  void write(LogLevel level, std::string_view message);

 private:
  struct Closer {
    void operator()(std::FILE* file) const noexcept { std::fclose(file); }
  };
  std::unique_ptr<std::FILE, Closer> m_file;
  bool m_debug = false;
};

Logger& logger();

inline void log_info(std::string_view message) { logger().write(LogLevel::Info, message); }
inline void log_warning(std::string_view message) { logger().write(LogLevel::Warning, message); }
inline void log_error(std::string_view message) { logger().write(LogLevel::Error, message); }
inline void log_debug(std::string_view message) {
  if (logger().debug_enabled()) logger().write(LogLevel::Debug, message);
}

}  // namespace pgdatahub
