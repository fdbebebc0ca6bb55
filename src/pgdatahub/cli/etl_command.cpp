#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/load_report.hpp>
#include <pgdatahub/cli/options.hpp>

#include <cstdlib>
#include <memory>

namespace pgdatahub::cli {
namespace {

struct EtlOptions {
  CommonOptions common;
  RunFlags flags;
  std::string data_dir;
  bool dry_run = false;
  bool worker = false;
  std::string report;
  std::string data_root;
};

int run_etl(const EtlOptions& options) {
  auto loaded = load_config(options.common);
  if (options.dry_run) loaded.settings.dry_run = true;
  apply_run_flags(options.flags, loaded.settings);

  orchestrator::LoadRequest request{loaded.settings,  loaded.etl, loaded.config_path,
                                    options.data_dir, {},         options.data_root};
  request.join = options.worker;
  if (request.data_dir.empty()) {
    const char* env = std::getenv("DATA_DIR");
    request.data_dir = env != nullptr && *env != '\0' ? env : "data";
  }
  return load_and_report("etl", request, options.common.json, options.report);
}

}  // namespace

void add_etl_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<EtlOptions>();
  auto* command = app.add_subcommand("etl", "load every workbook under DATA_DIR into PostgreSQL");
  command->add_option("data_dir", options->data_dir,
                      "folder of workbooks, or one workbook of it (default: DATA_DIR or ./data)");
  command->add_option("--data-root", options->data_root,
                      "with a workbook as data_dir: the data root holding it (default: DATA_DIR "
                      "or ./data)");
  add_common_options(*command, options->common);
  command->add_flag("--dry-run", options->dry_run, "read and plan, write nothing");
  command->add_option("--report", options->report,
                      "also write the HTML load report of this run's imports to this file");
  command->add_flag("--worker", options->worker,
                    "join the run another pgdatahub started on this database (any host that "
                    "sees the same files) and load files from its queue");
  add_run_flags(*command, options->flags);
  command->callback([options, &action] { action = [options] { return run_etl(*options); }; });
}

}  // namespace pgdatahub::cli
