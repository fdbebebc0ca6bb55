#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <pgdatahub/cli/load_run.hpp>
#include <pgdatahub/cli/options.hpp>
#include <pgdatahub/cli/progress_display.hpp>
#include <pgdatahub/cli/signals.hpp>
#include <pgdatahub/cli/summary_printer.hpp>
#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/orchestrator/connect.hpp>
#include <pgdatahub/orchestrator/etl_run.hpp>
#include <pgdatahub/pause/checkpoint.hpp>
#include <pgdatahub/pause/resume_plan.hpp>

namespace pgdatahub::cli {
namespace {

void say(bool json, const std::string& line) {
  log_info(line);
  if (!json) std::fprintf(stderr, "%s\n", line.c_str());
}

// A fresh `etl` replaces the pause file of an earlier run; say so, since that
// run's remaining files will now load as part of this one.
void note_replaced_pause(const std::filesystem::path& file, bool json) {
  try {
    const auto earlier = pause::try_read_pause_file(file);
    if (!earlier) return;
    say(json, fmt::format(
                  "note: {} held an unfinished run of {} ({}, {} files left); this run replaces it",
                  file.string(), earlier->data_dir, earlier->stop_reason,
                  earlier->remaining.size() + earlier->failed.size()));
  } catch (const Error&) {
    say(json, fmt::format("note: replacing the unreadable pause file {}", file.string()));
  }
}

std::vector<orchestrator::FileJob> flatten(const orchestrator::RunPlan& plan) {
  std::vector<orchestrator::FileJob> jobs;
  for (const auto& section : plan.sections) jobs.insert(jobs.end(), section.begin(), section.end());
  return jobs;
}

}  // namespace

int run_load(const LoadRequest& request) {
  const auto& settings = request.settings;
  const bool json = request.json;
  logger().open(settings.log_file);
  logger().set_debug(settings.debug);

  const auto found = discovery::discover(request.data_dir);
  auto plan = orchestrator::plan_run(found, request.etl);
  log_info(fmt::format("{} {}: {} folders", request.resumed ? "resume" : "etl",
                       found.data_dir.string(), plan.sections.size()));

  std::optional<orchestrator::Target> target;
  if (!settings.skip_db) {
    target.emplace(orchestrator::connect(settings));
    if (settings.debug) {
      target->connection.set_statement_observer(
          [](std::string_view sql) { log_debug(fmt::format("SQL: {}", sql)); });
    }
    if (!json) std::fprintf(stderr, "database: %s\n", target->display.c_str());
    log_info("database: " + target->display);
  }
  const bool writes = target && !settings.dry_run;

  pause::PauseState base;
  if (request.resumed) {
    if (!writes) throw ConfigError("resume loads into the database: unset SKIP_DB to resume");
    pause::check_database(*request.resumed, target->display);
    base = *request.resumed;
    auto resumed = pause::order_for_resume(plan, base);
    plan = std::move(resumed.plan);
    say(json,
        fmt::format(
            "resuming the run stopped at {} ({}): skipping {} done before, retrying {} failed "
            "first, {} to load",
            base.written_at, base.stop_reason, resumed.done, resumed.retried,
            flatten(plan).size()));
    for (const auto& name : resumed.missing)
      say(json, fmt::format("note: {} is no longer in DATA_DIR", name));
  } else if (writes) {
    note_replaced_pause(settings.pause_file, json);
  }
  base.tool_version = PGDATAHUB_VERSION;
  base.data_dir = pause::canonical_data_dir(found.data_dir);
  if (target) base.database = target->display;
  base.options = pause::options_of(settings, request.config_path);

  if (!settings.dry_run && target) ledger::ensure_ledger_tables(target->connection);

  std::unique_ptr<pause::Checkpoint> checkpoint;
  orchestrator::RunHooks hooks;
  if (writes) {
    checkpoint = std::make_unique<pause::Checkpoint>(settings.pause_file, base);
    checkpoint->save_start(flatten(plan));
    hooks = checkpoint->hooks();
  }

  ProgressDisplay display(json);
  const auto& stop = install_stop_handlers();
  orchestrator::EtlRun run(target ? &target->connection : nullptr, settings, display, stop,
                           std::move(hooks));
  const auto summary = run.run(plan);
  const bool planned_only = settings.dry_run || settings.skip_db;
  const auto saved = checkpoint ? checkpoint->finish(summary) : std::nullopt;

  if (json) {
    auto out = summary_json(summary);
    if (target) out["database"] = target->display;
    out["pause_file"] = saved ? nlohmann::json(settings.pause_file.string()) : nlohmann::json();
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    std::printf("%s", summary_text(summary, planned_only).c_str());
    if (saved) {
      std::printf("state saved in %s: continue with `pgdatahub resume`\n",
                  settings.pause_file.c_str());
    }
    if (target && target->embedded && !planned_only) {
      std::printf("open it with: psql '%s'\n", target->display.c_str());
    }
  }
  if (summary.stopped) return exit_stopped;
  return summary.failed > 0 ? exit_some_failed : exit_ok;
}

}  // namespace pgdatahub::cli
