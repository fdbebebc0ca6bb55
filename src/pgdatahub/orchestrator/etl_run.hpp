#pragma once
// The main workflow: discover the folders, resolve each folder's table and
// sheet, then load file after file, pausing, stopping and committing by
// section as the settings say.
#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/discovery/discovery.hpp>
#include <pgdatahub/orchestrator/file_job.hpp>
#include <pgdatahub/orchestrator/file_preparation.hpp>
#include <pgdatahub/orchestrator/run_observer.hpp>
#include <pgdatahub/schema/table_state.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::orchestrator {

class FileLoader;

// The files of a run, in the order they load, grouped by folder (a section).
struct RunPlan {
  std::filesystem::path data_dir;
  std::vector<std::vector<FileJob>> sections;
  discovery::Skipped skipped;

  // The files to load, over every section.
  std::size_t file_count() const noexcept {
    std::size_t files = 0;
    for (const auto& section : sections) files += section.size();
    return files;
  }
  // The files to load, section after section, in their order.
  std::vector<FileJob> files_in_order() const {
    std::vector<FileJob> files;
    files.reserve(file_count());
    for (const auto& section : sections) files.insert(files.end(), section.begin(), section.end());
    return files;
  }
};

// Builds the plan from a discovery and the configuration (table overrides,
// sheets, column types).
RunPlan plan_run(const discovery::Discovery& found, const config::EtlConfig& config,
                 const config::Settings& settings, const DataRoot& root);

struct RunSummary {
  std::vector<FileOutcome> outcomes;
  discovery::Skipped skipped;
  std::size_t loaded = 0;
  std::size_t duplicates = 0;
  std::size_t failed = 0;
  std::size_t planned = 0;
  std::size_t empty = 0;  // committed with no data row (warned about in the summary)
  std::uint64_t rows = 0;
  std::set<std::string> tables_created;
  double seconds = 0;
  // A run that stopped before its end (request, a failed section, a lost
  // connection).
  bool stopped = false;
  bool section_failed = false;  // stopped because a folder's section was rolled back
  std::string stop_reason;
  std::vector<FileJob> remaining;  // not loaded yet, in order (the failed section's files first)
};

// Adds a file's outcome to the summary's counts and logs it.
void count_outcome(const FileOutcome& outcome, RunSummary& summary);

// The log's pause and stop events (one line each, or a JSON line with
// ETL_LOG_FORMAT=json), whichever way the run loads its files.
void log_pause(const config::Settings& settings, std::size_t remaining);
void log_stop(const RunSummary& summary);

// The safe points at which the run reports its state.
enum class SafePoint {
  AfterFile,  // a file (or, with sectional commit, a folder) is committed
  Pause,      // a periodic pause begins
};

struct RunHooks {
  // Called at every safe point where the run could stop for good with what
  // is done so far and what remains; the pause module writes its checkpoint
  // here.
  std::function<void(const RunSummary& so_far, const std::vector<FileJob>& remaining, SafePoint at)>
      checkpoint;
};

class EtlRun {
 public:
  // `conn` is null for SKIP_DB runs.
  EtlRun(database::Connection* conn, const config::Settings& settings, RunObserver& observer,
         const std::atomic<bool>& stop, RunHooks hooks = {});

  // `first`: the plan's first file, prepared while the run connected.
  RunSummary run(const RunPlan& plan, PreparedFile first = {});

 private:
  // `after`: the first file of the next folder, if any.
  void run_section(FileLoader& loader, const std::vector<FileJob>& section, const FileJob* after,
                   RunSummary& summary, std::vector<FileJob>& remaining);
  void pause_if_due(RunSummary& summary, const std::vector<FileJob>& remaining,
                    std::size_t newly_loaded);
  void stop_on_lost_connection(const database::ConnectionError& error, RunSummary& summary);

  database::Connection* m_conn;
  const config::Settings& m_settings;
  RunObserver& m_observer;
  const std::atomic<bool>& m_stop;
  RunHooks m_hooks;
  std::size_t m_index = 0;
  std::size_t m_total = 0;
  std::size_t m_loaded_since_pause = 0;
  std::map<std::string, schema::TableState> m_simulated;  // dry runs: tables as planned so far
};

}  // namespace pgdatahub::orchestrator
