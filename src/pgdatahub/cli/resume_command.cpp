#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/load_report.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/pause/pause_authority.hpp>
#include <pgdatahub/pause/pause_file.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace pgdatahub::cli {
namespace {

struct ResumeOptions {
  CommonOptions common;
  RunFlags flags;
  std::string data_dir;
};

int run_resume(const ResumeOptions& options) {
  auto loaded = load_config(options.common);
  const auto file = loaded.settings.pause_file;
  const auto state = pause::try_read_pause_file(file);
  if (!state) {
    std::fprintf(stderr,
                 "pgdatahub: no paused run to resume: %s does not exist (ETL_PAUSE_FILE names "
                 "another place; a new run starts with `pgdatahub etl DATA_DIR`)\n",
                 printable(file.string()).c_str());
    return exit_cannot_run;
  }
  pause::check_version(*state, file);

  // The invocation decides: its config file, its database, its folder. The
  // pause file only says which of the allowed files are still to load.
  pause::check_config_path(*state, loaded.config_path);
  pause::apply_options(state->options, loaded.settings);
  // Flags win over the paused run's options, as over the config file's.
  if (!options.common.schema.empty()) {
    loaded.settings.schema = config::parse_schema_name(options.common.schema, "--schema");
  }
  apply_run_flags(options.flags, loaded.settings);

  std::string data_dir = options.data_dir;
  if (data_dir.empty()) {
    const char* env = std::getenv("DATA_DIR");
    if (env != nullptr && *env != '\0') data_dir = env;
  }
  data_dir = pause::resume_data_dir(*state, file, data_dir);

  orchestrator::LoadRequest request{loaded.settings, loaded.etl, loaded.config_path,
                                    data_dir,        state,      {}};
  return load_and_report("resume", request, options.common.json);
}

}  // namespace

void add_resume_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<ResumeOptions>();
  auto* command = app.add_subcommand(
      "resume", "continue the run saved in the pause file: failed files first, done files skipped");
  command->add_option("data_dir", options->data_dir,
                      "must be the paused run's folder (default: the one in the pause file)");
  add_common_options(*command, options->common);
  add_run_flags(*command, options->flags);
  command->callback([options, &action] { action = [options] { return run_resume(*options); }; });
}

}  // namespace pgdatahub::cli
