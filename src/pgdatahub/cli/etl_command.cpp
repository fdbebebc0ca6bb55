#include <pgdatahub/cli/commands.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/cli/progress_display.hpp>
#include <pgdatahub/cli/signals.hpp>
#include <pgdatahub/cli/summary_printer.hpp>
#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/orchestrator/connect.hpp>
#include <pgdatahub/orchestrator/etl_run.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <memory>

namespace pgdatahub::cli {
namespace {

struct EtlOptions {
  CommonOptions common;
  std::string data_dir;
  std::optional<std::size_t> chunk_size;
  bool dry_run = false;
  bool sectional = false;
  std::optional<std::size_t> pause_every;
  std::optional<std::size_t> pause_seconds;
  std::string on_change;
};

int run_etl(const EtlOptions& options) {
  auto loaded = load_config(options.common);
  auto& settings = loaded.settings;
  if (options.chunk_size) settings.chunk_size = *options.chunk_size;
  if (options.dry_run) settings.dry_run = true;
  if (options.sectional) settings.sectional_commit = true;
  if (options.pause_every) settings.pause_every = *options.pause_every;
  if (options.pause_seconds) settings.pause_seconds = *options.pause_seconds;
  if (!options.on_change.empty()) settings.on_change = config::parse_on_change(options.on_change, "--on-change");
  if (settings.chunk_size == 0) throw ConfigError("--chunk-size must be at least 1");

  std::string data_dir = options.data_dir;
  if (data_dir.empty()) {
    const char* env = std::getenv("DATA_DIR");
    data_dir = env != nullptr && *env != '\0' ? env : "data";
  }
  logger().open(settings.log_file);
  logger().set_debug(settings.debug);

  const auto found = discovery::discover(data_dir);
  const auto plan = orchestrator::plan_run(found, loaded.etl);
  log_info(fmt::format("etl {}: {} folders", found.data_dir.string(), plan.sections.size()));

  std::optional<orchestrator::Target> target;
  if (!settings.skip_db) {
    target.emplace(orchestrator::connect(settings));
    if (settings.debug) {
      target->connection.set_statement_observer(
          [](std::string_view sql) { log_debug(fmt::format("SQL: {}", sql)); });
    }
    if (!options.common.json) std::fprintf(stderr, "database: %s\n", target->display.c_str());
    log_info("database: " + target->display);
    if (!settings.dry_run) ledger::ensure_ledger_tables(target->connection);
  }

  ProgressDisplay display(options.common.json);
  const auto& stop = install_stop_handlers();
  orchestrator::EtlRun run(target ? &target->connection : nullptr, settings, display, stop);
  const auto summary = run.run(plan);
  const bool planned_only = settings.dry_run || settings.skip_db;

  if (options.common.json) {
    auto json = summary_json(summary);
    if (target) json["database"] = target->display;
    std::printf("%s\n", json.dump(2).c_str());
  } else {
    std::printf("%s", summary_text(summary, planned_only).c_str());
    if (target && target->embedded && !planned_only) {
      std::printf("open it with: psql '%s'\n", target->display.c_str());
    }
  }
  if (summary.stopped) return exit_stopped;
  return summary.failed > 0 ? exit_some_failed : exit_ok;
}

}  // namespace

void add_etl_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<EtlOptions>();
  auto* command = app.add_subcommand("etl", "load every workbook under DATA_DIR into PostgreSQL");
  command->add_option("data_dir", options->data_dir, "folder of workbooks (default: DATA_DIR or ./data)");
  add_common_options(*command, options->common);
  command->add_option("--chunk-size", options->chunk_size, "rows per COPY batch (ETL_CHUNK_SIZE)");
  command->add_flag("--dry-run", options->dry_run, "read and plan, write nothing");
  command->add_flag("--sectional-commit", options->sectional,
                    "a folder commits as one; a failure rolls it back and stops (ETL_SECTIONAL_COMMIT)");
  command->add_option("--pause-every", options->pause_every, "pause after N loaded files (ETL_PAUSE_EVERY)");
  command->add_option("--pause-seconds", options->pause_seconds, "length of each pause (ETL_PAUSE_SECONDS)");
  command->add_option("--on-change", options->on_change,
                      "append (default) or replace: what a changed file does to its older version");
  command->callback([options, &action] { action = [options] { return run_etl(*options); }; });
}

}  // namespace pgdatahub::cli
