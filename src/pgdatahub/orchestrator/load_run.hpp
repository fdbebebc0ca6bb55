#pragma once
// What `etl` and `resume` share, as one call: discover, connect, order the
// files for a resume, create the ledger, load with the pause file kept in
// step. The command line only formats the result.
#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/orchestrator/etl_run.hpp>
#include <pgdatahub/orchestrator/run_observer.hpp>
#include <pgdatahub/pause/pause_file.hpp>

#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::orchestrator {

struct LoadRequest {
  config::Settings settings;
  config::EtlConfig etl;
  std::string config_path;  // recorded in the pause file; empty when none
  // A folder, or one file of a data root (`etl data/sales/2024-03.xlsx`
  // loads that file alone, into its folder's table).
  std::string data_dir;
  std::optional<pause::PauseState> resumed;  // set by `resume`: the run it continues
  // --data-root: the data root of a file given as data_dir; default DATA_DIR
  // (or ./data) when the file lies inside it.
  std::string data_root{};
  // `etl --worker`: join the run another process started instead of
  // starting one (no pause file: the starter keeps it).
  bool join = false;
};

struct LoadResult {
  RunSummary summary;
  std::string database;       // the target as displayed (no password); empty with SKIP_DB
  bool embedded = false;      // the embedded cluster, not a server the user named
  bool planned_only = false;  // a dry run or SKIP_DB: nothing was written
  // The pause file written because the run stopped; the user continues with
  // `pgdatahub resume`.
  std::optional<pause::PauseState> saved;
  // Where the run keeps its pause file: ETL_PAUSE_FILE, else in its state
  // folder (pause/run_state.hpp).
  std::filesystem::path pause_file;
  // Set when the run stopped but its pause file could not be written: why.
  std::string pause_write_error;
  // Config mistakes that did not stop the run (a folder key naming no folder).
  std::vector<std::string> config_warnings;
};

// Runs the load. `stop` is polled at safe points; the observer hears of
// progress and of notes about the run (connected, resumed, replaced). Throws
// Error when the run cannot start (bad folder, unreachable server, a resume
// into another database).
LoadResult run_load(const LoadRequest& request, RunObserver& observer,
                    const std::atomic<bool>& stop);

}  // namespace pgdatahub::orchestrator
