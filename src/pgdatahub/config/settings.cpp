#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/naming/identifier.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

namespace pgdatahub::config {
namespace {

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

bool names_external_server(const Settings& settings) {
  if (settings.embedded_chosen) return false;
  if (!settings.database_url.empty()) return true;
  for (const char* name : {"PGHOST", "PGHOSTADDR", "PGDATABASE", "PGSERVICE"}) {
    if (auto value = env(name); value && !value->empty()) return true;
  }
  return false;
}

std::size_t parse_count(const std::string& text, const std::string& what, std::size_t min_value) {
  std::size_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || value < min_value) {
    throw ConfigError(what + " must be a whole number of at least " + std::to_string(min_value) +
                      ", not '" + text + "'");
  }
  return value;
}

bool parse_flag(const std::string& text, const std::string& what) {
  const std::string value = lower(text);
  if (value == "1" || value == "true" || value == "yes" || value == "on") return true;
  if (value == "0" || value == "false" || value == "no" || value == "off" || value.empty()) {
    return false;
  }
  throw ConfigError(what + " must be 1 or 0 (true/false), not '" + text + "'");
}

OnChange parse_on_change(const std::string& text, const std::string& what) {
  const std::string value = lower(text);
  if (value == "append") return OnChange::Append;
  if (value == "replace") return OnChange::Replace;
  throw ConfigError(what + " must be 'append' or 'replace', not '" + text + "'");
}

std::string_view on_change_name(OnChange on_change) noexcept {
  return on_change == OnChange::Replace ? "replace" : "append";
}

std::string parse_schema_name(const std::string& text, const std::string& what) {
  if (text.empty()) throw ConfigError(what + " must name a schema, not be empty");
  if (text.size() > 63 || text.find('\0') != std::string::npos) {
    throw ConfigError(what + ": '" + printable(text) +
                      "' is not a PostgreSQL name (at most 63 bytes, no NUL): choose a shorter "
                      "schema name");
  }
  if (naming::is_reserved_schema_name(text)) {
    throw ConfigError(what + ": '" + printable(text) +
                      "' is PostgreSQL's own schema (pg_*, information_schema): choose another "
                      "schema name");
  }
  return text;
}

void apply_environment(Settings& settings) {
  if (auto v = env("DATABASE_URL"); v && !v->empty()) settings.database_url = *v;
  if (auto v = env("PGDATAHUB_HOME"); v && !v->empty()) settings.embedded_home = *v;
  if (auto v = env("ETL_CHUNK_SIZE")) settings.chunk_size = parse_count(*v, "ETL_CHUNK_SIZE", 1);
  if (auto v = env("SKIP_DB")) settings.skip_db = parse_flag(*v, "SKIP_DB");
  if (auto v = env("DEBUG")) settings.debug = parse_flag(*v, "DEBUG");
  if (auto v = env("ETL_JOBS")) settings.jobs = parse_count(*v, "ETL_JOBS", 0);
  if (auto v = env("ETL_LOCK_WAIT_SECONDS")) {
    settings.lock_wait_seconds = parse_count(*v, "ETL_LOCK_WAIT_SECONDS", 1);
  }
  if (auto v = env("ETL_PAUSE_EVERY")) settings.pause_every = parse_count(*v, "ETL_PAUSE_EVERY", 0);
  if (auto v = env("ETL_PAUSE_SECONDS")) {
    settings.pause_seconds = parse_count(*v, "ETL_PAUSE_SECONDS", 0);
  }
  if (auto v = env("ETL_SECTIONAL_COMMIT")) {
    settings.sectional_commit = parse_flag(*v, "ETL_SECTIONAL_COMMIT");
  }
  if (auto v = env("ETL_ON_CHANGE")) settings.on_change = parse_on_change(*v, "ETL_ON_CHANGE");
  if (auto v = env("PGDATAHUB_SCHEMA"); v && !v->empty()) {
    settings.schema = parse_schema_name(*v, "PGDATAHUB_SCHEMA");
  }
  if (auto v = env("ETL_PAUSE_FILE"); v && !v->empty()) settings.pause_file = *v;
  if (auto v = env("ETL_LOG_FILE"); v && !v->empty()) settings.log_file = *v;
  if (auto v = env("ETL_LOG_FORMAT"); v && !v->empty()) {
    const std::string format = lower(*v);
    if (format != "text" && format != "json") {
      throw ConfigError("ETL_LOG_FORMAT must be 'text' or 'json', not '" + printable(*v) + "'");
    }
    settings.log_json = format == "json";
  }
}

}  // namespace pgdatahub::config
