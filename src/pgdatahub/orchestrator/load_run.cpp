#include <pgdatahub/config/unmatched_folders.hpp>
#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/database/connect.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/orchestrator/data_root.hpp>
#include <pgdatahub/orchestrator/file_preparation.hpp>
#include <pgdatahub/orchestrator/load_run.hpp>
#include <pgdatahub/orchestrator/shared_run.hpp>
#include <pgdatahub/pause/checkpoint.hpp>
#include <pgdatahub/pause/resume_plan.hpp>
#include <pgdatahub/pause/run_state.hpp>
#include <pgdatahub/schema/table_state.hpp>

#include <fmt/format.h>

#include <memory>

namespace pgdatahub::orchestrator {
namespace {

void say(RunObserver& observer, const std::string& line) {
  log_info(line);
  observer.run_note(line);
}

// A fresh `etl` replaces the pause file of an earlier run; say so, since that
// run's remaining files will now load as part of this one.
void note_replaced_pause(const std::filesystem::path& file, RunObserver& observer) {
  try {
    const auto earlier = pause::try_read_pause_file(file);
    if (!earlier) return;
    say(observer,
        fmt::format(
            "note: {} held an unfinished run of {} ({}, {} files left); this run replaces it",
            file.string(), earlier->data_dir, earlier->stop_reason,
            earlier->remaining.size() + earlier->failed.size()));
  } catch (const Error&) {
    say(observer, fmt::format("note: replacing the unreadable pause file {}", file.string()));
  }
}

// A fresh writing run's first file is hashed and opened while the run
// sets up its ledger and state, rather than after its claim (about a
// fifth of a second on a 133 MB workbook, most of what a run of one big
// file waits before its COPY). Only there: a dry run or SKIP_DB run writes
// nothing; a worker joins a run whose first files its starter has claimed;
// a resume orders its files once connected and may first take over a file
// a dead worker left.
PreparedFile prepare_first_file(const LoadRequest& request, const RunPlan& plan) {
  const auto& settings = request.settings;
  if (settings.skip_db || settings.dry_run || request.join || request.resumed) return {};
  for (const auto& section : plan.sections) {
    if (!section.empty()) return PreparedFile::first_of_run(section.front());
  }
  return {};
}

}  // namespace

LoadResult run_load(const LoadRequest& request, RunObserver& observer,
                    const std::atomic<bool>& stop) {
  const auto& settings = request.settings;
  logger().set_format(settings.log_json ? LogFormat::Json : LogFormat::Text);

  const auto target_path = resolve_target(request.data_dir, request.data_root);
  const auto found = discovery::discover(target_path.data_root);
  const auto root = data_root_of(target_path.data_root.string(), found.data_dir, settings);
  auto plan = plan_run(found, request.etl, settings, root);
  if (target_path.only_file) keep_only(plan, *target_path.only_file);

  LoadResult result;
  result.config_warnings = config::unmatched_folder_warnings(request.etl, found.data_dir);
  for (const auto& warning : result.config_warnings) {
    log_warning(warning);
    observer.run_note("warning: " + warning);
  }
  std::optional<database::Target> target;
  if (!settings.skip_db) {
    target.emplace(database::connect(settings));
    if (settings.debug) {
      target->connection.set_statement_observer(
          [](std::string_view sql) { log_debug(fmt::format("SQL: {}", sql)); });
    }
    result.database = target->display;
    result.embedded = target->embedded;
    observer.connected(target->display);
  }
  // Only once connected: starting the embedded server runs code in forked
  // children as the server's account, and a child forked while the
  // preparing threads live inherits them half-done (ThreadSanitizer then
  // reports them as leaked in the child and changes its exit status). The
  // overlap loses little: the connection takes a few milliseconds of the
  // 0.15 s before a big file's COPY.
  PreparedFile first = prepare_first_file(request, plan);
  const bool writes = target && !settings.dry_run;

  // The run's state folder, locked while it writes there, unless both files
  // are named elsewhere.
  const std::string data_root = pause::canonical_data_dir(found.data_dir);
  std::unique_ptr<pause::StateLock> state_lock;
  result.pause_file = settings.pause_file;
  std::filesystem::path log_file = settings.log_file;
  if (result.pause_file.empty() || log_file.empty()) {
    const std::string database = target ? target->display : "(no database)";
    const auto folder = pause::run_state_folder(data_root, database);
    if (writes && !request.join) {
      state_lock = std::make_unique<pause::StateLock>(folder, data_root, database);
    } else {
      // A dry run only logs there; a worker joins the run that holds it.
      pause::ensure_state_folder(folder);
    }
    if (result.pause_file.empty()) result.pause_file = folder / pause::pause_file_name;
    if (log_file.empty()) log_file = folder / pause::log_file_name;
  }
  if (const auto why = logger().open(log_file); !why.empty()) {
    observer.run_note(
        fmt::format("warning: cannot write the log {} ({}): the run goes on "
                    "without it; set ETL_LOG_FILE to a writable file",
                    log_file.string(), why));
  }
  logger().set_debug(settings.debug);
  log_info(fmt::format("{} {}: {} folders", request.resumed ? "resume" : "etl",
                       found.data_dir.string(), plan.sections.size()));
  if (target) log_info("database: " + target->display);

  pause::PauseState base;
  if (request.resumed) {
    if (!writes) throw ConfigError("resume loads into the database: unset SKIP_DB to resume");
    pause::check_database(*request.resumed, target->display);
    base = *request.resumed;
    auto resumed = pause::order_for_resume(plan, base);
    plan = std::move(resumed.plan);
    say(observer,
        fmt::format(
            "resuming the run stopped at {} ({}): skipping {} done before, retrying {} failed "
            "first, {} to load",
            base.written_at, base.stop_reason, resumed.done, resumed.retried, plan.file_count()));
    for (const auto& name : resumed.missing)
      say(observer, fmt::format("note: {} is no longer in DATA_DIR", name));
  } else if (writes && !request.join) {
    note_replaced_pause(result.pause_file, observer);
  }
  base.tool_version = PGDATAHUB_VERSION;
  base.data_dir = data_root;
  if (target) base.database = target->display;
  base.options = pause::options_of(settings, request.config_path);

  if (!settings.dry_run && target) {
    ledger::ensure_ledger_tables(target->connection);
    check_shared_tables(target->connection, plan, root, settings);
    schema::ensure_schema(target->connection, settings.schema);
  }

  std::unique_ptr<pause::Checkpoint> checkpoint;
  RunHooks hooks;
  if (request.join && !writes) {
    throw ConfigError("--worker loads into the database: unset SKIP_DB and drop --dry-run");
  }
  if (writes && !request.join) {
    checkpoint = std::make_unique<pause::Checkpoint>(result.pause_file, base);
    checkpoint->save_start(plan.files_in_order());
    hooks = checkpoint->hooks();
  }

  if (writes && settings.sectional_commit && request.join) {
    throw ConfigError(
        "--worker and --sectional-commit exclude each other: a worker loads file by file");
  }
  if (writes && !settings.sectional_commit) {
    // Recorded in the ledger and loaded by workers claiming from its queue.
    const SharedRunRequest shared{request.join      ? RunEntry::Join
                                  : request.resumed ? RunEntry::Resume
                                                    : RunEntry::Start,
                                  base.data_dir};
    result.summary = load_shared(target->connection, settings, plan, shared, observer, stop,
                                 std::move(hooks), std::move(first));
  } else {
    // A folder committed as one, or a dry run: one file after another.
    EtlRun run(target ? &target->connection : nullptr, settings, observer, stop, std::move(hooks));
    result.summary = run.run(plan, std::move(first));
  }
  result.planned_only = settings.dry_run || settings.skip_db;
  if (checkpoint) {
    auto finished = checkpoint->finish(result.summary);
    result.saved = std::move(finished.saved);
    result.pause_write_error = std::move(finished.write_error);
  }
  return result;
}

}  // namespace pgdatahub::orchestrator
