#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/load_report.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/database/connect.hpp>
#include <pgdatahub/pause/pause_authority.hpp>
#include <pgdatahub/pause/pause_file.hpp>
#include <pgdatahub/pause/run_state.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>

namespace pgdatahub::cli {
namespace {

struct ResumeOptions {
  CommonOptions common;
  RunFlags flags;
  std::string data_dir;
};

// The pending run to continue: the one in ETL_PAUSE_FILE when set, else the
// one of DATA_DIR (or the only one) in the state folders, or in the current
// folder where older versions left it.
std::optional<pause::PendingRun> find_pending(const config::Settings& settings,
                                              const std::string& data_dir) {
  if (!settings.pause_file.empty()) {
    auto state = pause::try_read_pause_file(settings.pause_file);
    if (!state) return std::nullopt;
    return pause::PendingRun{settings.pause_file, std::move(*state), true};
  }
  const auto runs = pause::pending_runs();
  try {
    return pause::choose_pending_run(runs, data_dir, "");
  } catch (const ConfigError&) {
    if (data_dir.empty()) throw;
  }
  // One root paused into several databases: the invocation's one decides.
  return pause::choose_pending_run(runs, data_dir, database::connect(settings).display);
}

int run_resume(const ResumeOptions& options) {
  auto loaded = load_config(options.common);
  std::string data_dir = options.data_dir;
  if (data_dir.empty()) {
    const char* env = std::getenv("DATA_DIR");
    if (env != nullptr && *env != '\0') data_dir = env;
  }
  const auto pending = find_pending(loaded.settings, data_dir);
  if (!pending) {
    const std::string where = loaded.settings.pause_file.empty()
                                  ? pause::state_root().string() + " nor in the current folder"
                                  : loaded.settings.pause_file.string();
    std::fprintf(stderr,
                 "pgdatahub: no paused run to resume%s: none in %s (a new run starts with "
                 "`pgdatahub etl DATA_DIR`)\n",
                 data_dir.empty() ? "" : (" of " + printable(data_dir)).c_str(),
                 printable(where).c_str());
    return exit_cannot_run;
  }
  const auto& file = pending->pause_file;
  const auto& state = pending->state;
  pause::check_version(state, file);
  if (pending->legacy && loaded.settings.pause_file.empty()) {
    std::fprintf(
        stderr,
        "pgdatahub: resuming the run saved in %s by an older version; its state moves "
        "to %s\n",
        printable(file.string()).c_str(),
        printable(pause::run_state_folder(state.data_dir, state.database).string()).c_str());
  }

  // The invocation decides: its config file, its database, its folder. The
  // pause file only says which of the allowed files are still to load.
  pause::check_config_path(state, loaded.config_path);
  pause::apply_options(state.options, loaded.settings);
  // Flags win over the paused run's options, as over the config file's.
  if (!options.common.schema.empty()) {
    loaded.settings.schema = config::parse_schema_name(options.common.schema, "--schema");
  }
  apply_run_flags(options.flags, loaded.settings);
  // A state folder is the user's own (0700, written by pgdatahub, named by
  // its root and database); a pause file found anywhere else only names a
  // folder under its own.
  data_dir = pending->legacy ? pause::resume_data_dir(state, file, data_dir) : state.data_dir;

  orchestrator::LoadRequest request{loaded.settings, loaded.etl, loaded.config_path, data_dir,
                                    state};
  const int code = load_and_report("resume", request, options.common.json);
  // Its state now lives in the run's state folder (or the run is done).
  if (pending->legacy && loaded.settings.pause_file.empty()) pause::remove_pause_file(file);
  return code;
}

}  // namespace

void add_resume_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<ResumeOptions>();
  auto* command = app.add_subcommand(
      "resume", "continue the run saved in the pause file: failed files first, done files skipped");
  command->add_option("data_dir", options->data_dir,
                      "the paused run's folder (default: the only paused run)");
  add_common_options(*command, options->common);
  add_run_flags(*command, options->flags);
  command->callback([options, &action] { action = [options] { return run_resume(*options); }; });
}

}  // namespace pgdatahub::cli
