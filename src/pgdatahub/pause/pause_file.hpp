#pragma once
// The pause file: what a stopped (or paused, or killed) run had done, what it
// had left and why it stopped, so that `pgdatahub resume` continues it with
// the same options. Written atomically; refused when it belongs to another
// DATA_DIR, another database or another version of the tool.
#include <pgdatahub/config/settings.hpp>

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::pause {

// Bumped whenever the layout changes; a file of another format is refused.
inline constexpr int format_version = 1;

// Where the run was when the file was written.
enum class RunState {
  Running,        // a checkpoint of a live run: if it is still here, the process died
  Paused,         // a periodic pause (ETL_PAUSE_EVERY)
  Stopped,        // Ctrl-C or SIGTERM
  SectionFailed,  // ETL_SECTIONAL_COMMIT: a folder was rolled back
};

std::string_view state_name(RunState state) noexcept;

// The settings a resumed run takes over.
struct RunOptions {
  std::size_t chunk_size = 0;
  bool sectional_commit = false;
  std::size_t pause_every = 0;
  std::size_t pause_seconds = 0;
  config::OnChange on_change = config::OnChange::Append;
  std::string config_path;  // empty: none was used
  // Where the tables go; absent from pause files written before schemas: public, no prefix.
  std::string schema = "public";
  std::string table_prefix{};
};

RunOptions options_of(const config::Settings& settings, const std::string& config_path);
// Overlays saved options onto `settings` (config_path is the caller's business).
void apply_options(const RunOptions& options, config::Settings& settings);

struct FileEntry {
  std::string source_file;  // relative to DATA_DIR, as in etl_imports.source_file
  std::string status;       // done: loaded or duplicate; failed: failed
  std::string error;        // failed files only
};

struct FailedSection {
  std::string folder;
  std::string file;
  std::string error;
};

struct PauseState {
  int format = format_version;
  std::string tool_version;
  std::string data_dir;  // canonical, absolute
  std::string database;  // the target as displayed: never a password
  RunOptions options;
  std::vector<FileEntry> done;
  std::vector<FileEntry> failed;       // retried first on resume
  std::vector<std::string> remaining;  // not attempted yet, in order
  RunState state = RunState::Running;
  std::string stop_reason;
  std::optional<FailedSection> failed_section;
  std::string written_at;  // UTC, ISO 8601
};

nlohmann::json to_json(const PauseState& state);
// Throws ConfigError naming `origin` when a field is missing or malformed.
PauseState from_json(const nlohmann::json& json, const std::string& origin);

// Writes `state` to `file` so that a crash leaves either the old or the new
// file: a temporary file in the same folder, fsync, rename, fsync the folder.
// Throws Error when it cannot.
void write_pause_file(const std::filesystem::path& file, const PauseState& state);

// The pause file, or nullopt when there is none. Throws ConfigError when it
// is not a pause file this version can read.
std::optional<PauseState> try_read_pause_file(const std::filesystem::path& file);

// Removes the pause file if present; true when there was one.
bool remove_pause_file(const std::filesystem::path& file);

// Refuses (ConfigError, with what to do) a pause file written by another
// version, for another DATA_DIR or another database.
void check_version(const PauseState& state, const std::filesystem::path& file);
void check_data_dir(const PauseState& state, const std::filesystem::path& data_dir);
void check_database(const PauseState& state, const std::string& database);

// The canonical form stored as data_dir.
std::string canonical_data_dir(const std::filesystem::path& data_dir);

}  // namespace pgdatahub::pause
