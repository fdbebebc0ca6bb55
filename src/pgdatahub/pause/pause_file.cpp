#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/unique_fd.hpp>
#include <pgdatahub/pause/pause_file.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <type_traits>
#include <utility>

namespace pgdatahub::pause {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view state_names[] = {"running", "paused", "stopped", "section_failed"};

[[noreturn]] void fail(const std::string& what, const fs::path& file) {
  throw Error(
      fmt::format("cannot write the pause file {}: {}: {} (set ETL_PAUSE_FILE to a writable place)",
                  file.string(), what, std::strerror(errno)));
}

void write_all(int fd, const std::string& text, const fs::path& file) {
  std::size_t written = 0;
  while (written < text.size()) {
    const auto n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write", file);
    }
    written += static_cast<std::size_t>(n);
  }
}

json entries_json(const std::vector<FileEntry>& entries, bool with_error) {
  json out = json::array();
  for (const auto& entry : entries) {
    json item = {{"source_file", entry.source_file}, {"status", entry.status}};
    if (with_error) item["error"] = entry.error;
    out.push_back(std::move(item));
  }
  return out;
}

// Reads field `key` of `object` as T, or throws a ConfigError naming it.
template <typename T>
T field(const json& object, const char* key, const std::string& origin) {
  const auto it = object.find(key);
  if (it == object.end()) {
    throw ConfigError(
        fmt::format("{}: not a pause file this version can read: '{}' is missing", origin, key));
  }
  // A number too large for T (or a fraction) would convert with undefined
  // behaviour inside the JSON library: refuse it as the wrong type first.
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    const bool fits = it->is_number_unsigned()  ? std::in_range<T>(it->get<std::uint64_t>())
                      : it->is_number_integer() ? std::in_range<T>(it->get<std::int64_t>())
                                                : false;
    if (!fits) {
      throw ConfigError(fmt::format(
          "{}: not a pause file this version can read: '{}' is not a whole number in range", origin,
          key));
    }
  }
  try {
    return it->get<T>();
  } catch (const json::exception&) {
    throw ConfigError(fmt::format(
        "{}: not a pause file this version can read: '{}' has the wrong type", origin, key));
  }
}

// Reads a whole number in [min_value, max_value]: JSON allows -5 or 1e300,
// which would otherwise wrap into a size_t.
std::size_t count_field(const json& object, const char* key, const std::string& origin,
                        std::size_t min_value, std::size_t max_value) {
  const auto value = field<json>(object, key, origin);
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() < min_value ||
      value.get<std::uint64_t>() > max_value) {
    throw ConfigError(fmt::format(
        "{}: not a pause file this version can read: options.{} must be a whole number from {} "
        "to {}, not {}",
        origin, key, min_value, max_value, value.dump()));
  }
  return static_cast<std::size_t>(value.get<std::uint64_t>());
}

std::vector<FileEntry> entries_from(const json& object, const char* key,
                                    const std::string& origin) {
  std::vector<FileEntry> entries;
  const auto list = field<json>(object, key, origin);
  if (!list.is_array()) throw ConfigError(fmt::format("{}: '{}' is not a list", origin, key));
  for (const auto& item : list) {
    if (!item.is_object())
      throw ConfigError(fmt::format("{}: an entry of '{}' is not an object", origin, key));
    FileEntry entry;
    entry.source_file = field<std::string>(item, "source_file", origin);
    entry.status = field<std::string>(item, "status", origin);
    entry.error = item.value("error", "");
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

std::string_view state_name(RunState state) noexcept {
  return state_names[static_cast<std::size_t>(state)];
}

RunOptions options_of(const config::Settings& settings, const std::string& config_path) {
  RunOptions options;
  options.chunk_size = settings.chunk_size;
  options.sectional_commit = settings.sectional_commit;
  options.pause_every = settings.pause_every;
  options.pause_seconds = settings.pause_seconds;
  options.on_change = settings.on_change;
  options.config_path = config_path;
  options.schema = settings.schema;
  options.table_prefix = settings.table_prefix;
  return options;
}

void apply_options(const RunOptions& options, config::Settings& settings) {
  settings.chunk_size = options.chunk_size;
  settings.sectional_commit = options.sectional_commit;
  settings.pause_every = options.pause_every;
  settings.pause_seconds = options.pause_seconds;
  settings.on_change = options.on_change;
  settings.schema = options.schema;
  settings.table_prefix = options.table_prefix;
}

json to_json(const PauseState& state) {
  json out = {
      {"format", state.format},
      {"tool_version", state.tool_version},
      {"written_at", state.written_at},
      {"state", std::string(state_name(state.state))},
      {"stop_reason", state.stop_reason},
      {"data_dir", state.data_dir},
      {"database", state.database},
      {"options",
       {{"chunk_size", state.options.chunk_size},
        {"sectional_commit", state.options.sectional_commit},
        {"pause_every", state.options.pause_every},
        {"pause_seconds", state.options.pause_seconds},
        {"on_change", std::string(config::on_change_name(state.options.on_change))},
        {"config_path", state.options.config_path},
        {"schema", state.options.schema},
        {"table_prefix", state.options.table_prefix}}},
      {"failed_section", nullptr},
      {"done", entries_json(state.done, false)},
      {"failed", entries_json(state.failed, true)},
      {"remaining", state.remaining},
  };
  if (state.failed_section) {
    out["failed_section"] = {{"folder", state.failed_section->folder},
                             {"file", state.failed_section->file},
                             {"error", state.failed_section->error}};
  }
  return out;
}

PauseState from_json(const json& in, const std::string& origin) {
  if (!in.is_object()) throw ConfigError(origin + ": not a pause file (not a JSON object)");
  PauseState state;
  state.format = field<int>(in, "format", origin);
  state.tool_version = field<std::string>(in, "tool_version", origin);
  if (state.format != format_version) return state;  // check_version says what to do
  state.written_at = field<std::string>(in, "written_at", origin);
  const auto name = field<std::string>(in, "state", origin);
  bool known = false;
  for (std::size_t i = 0; i < std::size(state_names); ++i) {
    if (state_names[i] == name) {
      state.state = static_cast<RunState>(i);
      known = true;
    }
  }
  if (!known) throw ConfigError(fmt::format("{}: unknown state '{}'", origin, name));
  state.stop_reason = field<std::string>(in, "stop_reason", origin);
  state.data_dir = field<std::string>(in, "data_dir", origin);
  state.database = field<std::string>(in, "database", origin);
  const auto options = field<json>(in, "options", origin);
  // The bounds are far beyond any real run; they only keep nonsense out.
  state.options.chunk_size = count_field(options, "chunk_size", origin, 1, 100'000'000);
  state.options.sectional_commit = field<bool>(options, "sectional_commit", origin);
  state.options.pause_every = count_field(options, "pause_every", origin, 0, 1'000'000'000);
  state.options.pause_seconds = count_field(options, "pause_seconds", origin, 0, 31'536'000);
  state.options.on_change = config::parse_on_change(
      field<std::string>(options, "on_change", origin), "on_change in the pause file");
  state.options.config_path = field<std::string>(options, "config_path", origin);
  if (options.contains("schema")) {
    state.options.schema = config::parse_schema_name(field<std::string>(options, "schema", origin),
                                                     "schema in the pause file");
  }
  if (options.contains("table_prefix")) {
    state.options.table_prefix = field<std::string>(options, "table_prefix", origin);
  }
  if (const auto it = in.find("failed_section"); it != in.end() && it->is_object()) {
    state.failed_section = FailedSection{field<std::string>(*it, "folder", origin),
                                         field<std::string>(*it, "file", origin),
                                         field<std::string>(*it, "error", origin)};
  }
  state.done = entries_from(in, "done", origin);
  state.failed = entries_from(in, "failed", origin);
  state.remaining = field<std::vector<std::string>>(in, "remaining", origin);
  return state;
}

void write_pause_file(const fs::path& file, const PauseState& state) {
  const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
  // One name per process, so that two runs in one folder never share it.
  // 0600: it names the user's folders, files and database; nobody else reads it.
  const fs::path temporary =
      folder / fmt::format(".{}.{}.tmp", file.filename().string(), ::getpid());
  const std::string text = to_json(state).dump(2) + "\n";
  try {
    UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (fd.get() < 0) fail("open " + temporary.string(), file);
    write_all(fd.get(), text, temporary);
    if (::fsync(fd.get()) != 0) fail("fsync", file);
    if (!fd.close()) fail("close", file);
    if (::rename(temporary.c_str(), file.c_str()) != 0) fail("rename", file);
  } catch (const Error&) {
    ::unlink(temporary.c_str());  // the previous pause file, if any, is untouched
    throw;
  }
  // The rename is only durable once the folder's entry is.
  const UniqueFd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) (void)::fsync(dir.get());
}

std::optional<PauseState> try_read_pause_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (!fs::exists(file)) return std::nullopt;
    throw ConfigError("cannot read the pause file " + file.string());
  }
  std::stringstream text;
  text << in.rdbuf();
  json parsed;
  try {
    parsed = json::parse(text.str());
  } catch (const json::parse_error& e) {
    throw ConfigError(
        fmt::format("{} is not a valid pause file ({}); delete it and run `pgdatahub etl` "
                    "(files already loaded are skipped)",
                    file.string(), e.what()));
  }
  return from_json(parsed, file.string());
}

bool remove_pause_file(const fs::path& file) {
  std::error_code ignored;
  return fs::remove(file, ignored);
}

void check_version(const PauseState& state, const fs::path& file) {
  if (state.format == format_version && state.tool_version == PGDATAHUB_VERSION) return;
  throw ConfigError(fmt::format(
      "{} was written by pgdatahub {} (pause format {}); this is pgdatahub {} (format {}) and will "
      "not "
      "resume it: finish it with that version, or delete the file and run `pgdatahub etl` again "
      "(files already loaded are skipped)",
      file.string(), state.tool_version.empty() ? "?" : state.tool_version, state.format,
      PGDATAHUB_VERSION, format_version));
}

void check_data_dir(const PauseState& state, const fs::path& data_dir) {
  const auto wanted = canonical_data_dir(data_dir);
  if (wanted == state.data_dir) return;
  throw ConfigError(fmt::format(
      "the paused run loads {}, not {}: run `pgdatahub resume` without DATA_DIR to continue it, "
      "or `pgdatahub etl {}` to start a new run",
      state.data_dir, wanted, data_dir.string()));
}

void check_database(const PauseState& state, const std::string& database) {
  if (database == state.database) return;
  throw ConfigError(fmt::format(
      "the paused run loads into {}, but this resume would connect to {}: set DATABASE_URL "
      "(or --database-url / --home) to the paused run's database",
      state.database, database));
}

std::string canonical_data_dir(const fs::path& data_dir) {
  std::error_code error;
  auto canonical = fs::weakly_canonical(fs::absolute(data_dir), error);
  return (error ? fs::absolute(data_dir) : canonical).lexically_normal().string();
}

}  // namespace pgdatahub::pause
