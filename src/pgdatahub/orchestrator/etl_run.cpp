#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/discovery/file_filter.hpp>
#include <pgdatahub/ledger/import_log.hpp>
#include <pgdatahub/naming/identifier.hpp>
#include <pgdatahub/orchestrator/etl_run.hpp>
#include <pgdatahub/orchestrator/file_loader.hpp>
#include <pgdatahub/orchestrator/outcome_json.hpp>

#include <fmt/format.h>

#include <chrono>
#include <thread>

namespace pgdatahub::orchestrator {

std::string_view status_name(FileStatus status) noexcept {
  switch (status) {
    case FileStatus::Loaded:
      return "loaded";
    case FileStatus::Duplicate:
      return "duplicate";
    case FileStatus::Failed:
      return "failed";
    case FileStatus::Empty:
      return "empty";
    case FileStatus::Planned:
      return "planned";
    case FileStatus::Interrupted:
      return "interrupted";
  }
  return "unknown";
}

RunPlan plan_run(const discovery::Discovery& found, const config::EtlConfig& config,
                 const config::Settings& settings, const DataRoot& root) {
  RunPlan plan;
  plan.data_dir = found.data_dir;
  plan.skipped = found.skipped;
  for (const auto& source : found.sources) {
    const auto folder = config.resolve(source.folder_parts);
    std::string table =
        folder.table ? naming::to_identifier(*folder.table)
                     : naming::table_name(source.folder_parts, found.data_dir.filename().string());
    if (table.empty()) table = "data";
    table = naming::prefixed_table_name(settings.table_prefix, table);
    std::vector<FileJob> section;
    for (std::size_t i = 0; i < source.files.size(); ++i) {
      const auto& file = source.files[i];
      FileJob job{file, discovery::relative_name(found.data_dir, file), table, folder,
                  settings.schema};
      if (!discovery::selected(settings.include, settings.exclude, job.source_file) ||
          !discovery::selected(folder.include, folder.exclude, job.source_file)) {
        ++plan.skipped.excluded;
        continue;
      }
      if (auto lock = source.lock_files.find(file.filename().string());
          lock != source.lock_files.end()) {
        job.lock_file = lock->second;
      }
      job.root = root;
      job.seen = source.identities.at(i);
      section.push_back(std::move(job));
    }
    if (!section.empty()) plan.sections.push_back(std::move(section));
  }
  return plan;
}

EtlRun::EtlRun(database::Connection* conn, const config::Settings& settings, RunObserver& observer,
               const std::atomic<bool>& stop, RunHooks hooks)
    : m_conn(conn),
      m_settings(settings),
      m_observer(observer),
      m_stop(stop),
      m_hooks(std::move(hooks)) {}

RunSummary EtlRun::run(const RunPlan& plan, PreparedFile first) {
  const auto started = std::chrono::steady_clock::now();
  RunSummary summary;
  summary.skipped = plan.skipped;
  m_total = plan.file_count();

  std::vector<FileJob> remaining;
  for (const auto& section : plan.sections)
    remaining.insert(remaining.end(), section.begin(), section.end());

  // One loader for the whole run, so the first file of a folder can be
  // opened ahead while the last file of the previous folder commits.
  const bool planning_only = m_conn == nullptr || m_settings.dry_run;
  FileLoader loader(m_conn, m_settings, m_observer, m_stop, planning_only ? &m_simulated : nullptr);
  loader.take_over(std::move(first));
  for (std::size_t i = 0; i < plan.sections.size(); ++i) {
    if (summary.stopped) break;
    const FileJob* after = i + 1 < plan.sections.size() && !plan.sections[i + 1].empty()
                               ? &plan.sections[i + 1].front()
                               : nullptr;
    try {
      run_section(loader, plan.sections[i], after, summary, remaining);
    } catch (const database::ConnectionError& e) {
      stop_on_lost_connection(e, summary);
    }
  }
  if (summary.stopped) {
    summary.remaining = remaining;
    log_stop(summary);
  }
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

namespace {

// One event per file and per schema change; in JSON lines with the fields
// `etl --json` prints (the notes are among them).
void log_outcome(const FileOutcome& outcome) {
  if (logger().format() == LogFormat::Text) {
    for (const auto& note : outcome.notes) log_info(outcome.source_file + ": " + note);
  }
  logger().write_event(
      outcome.status == FileStatus::Failed ? LogLevel::Error : LogLevel::Info, "file",
      fmt::format("{} {} -> {} ({} rows, {:.2f} s){}{}", status_name(outcome.status),
                  outcome.source_file, outcome.table, outcome.rows, outcome.seconds,
                  outcome.error.empty() ? "" : ": ", outcome.error),
      outcome_json(outcome));
  for (const auto& change : outcome.schema_changes) {
    auto fields = change_json(change);
    fields["file"] = outcome.source_file;
    logger().write_event(LogLevel::Info, "schema_change", "", fields);
  }
}

}  // namespace

void log_pause(const config::Settings& settings, std::size_t remaining) {
  logger().write_event(LogLevel::Info, "pause",
                       fmt::format("pausing {} s after {} loaded files", settings.pause_seconds,
                                   settings.pause_every),
                       {{"seconds", settings.pause_seconds},
                        {"after_files", settings.pause_every},
                        {"remaining", remaining}});
}

void log_stop(const RunSummary& summary) {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& job : summary.remaining) names.push_back(job.source_file);
  logger().write_event(
      LogLevel::Warning, "stop",
      fmt::format("stopped: {}; {} files remain", summary.stop_reason, summary.remaining.size()),
      {{"stop_reason", summary.stop_reason},
       {"section_failed", summary.section_failed},
       {"remaining", names}});
}

void count_outcome(const FileOutcome& outcome, RunSummary& summary) {
  switch (outcome.status) {
    case FileStatus::Loaded:
      ++summary.loaded;
      break;
    case FileStatus::Duplicate:
      ++summary.duplicates;
      break;
    case FileStatus::Failed:
      ++summary.failed;
      break;
    case FileStatus::Empty:
      ++summary.empty;
      break;
    case FileStatus::Planned:
      ++summary.planned;
      break;
    case FileStatus::Interrupted:
      break;
  }
  summary.rows += outcome.rows;
  // A file may create several tables (`table_per_sheet`): each change names its own.
  for (const auto& change : outcome.schema_changes) {
    if (change.change == schema::ChangeKind::CreateTable)
      summary.tables_created.insert(change.table);
  }
  log_outcome(outcome);
  summary.outcomes.push_back(outcome);
}

void EtlRun::run_section(FileLoader& loader, const std::vector<FileJob>& section,
                         const FileJob* after, RunSummary& summary,
                         std::vector<FileJob>& remaining) {
  auto next_of = [&](std::size_t i) { return i + 1 < section.size() ? &section[i + 1] : after; };
  const bool sectional = m_settings.sectional_commit && m_conn != nullptr && !m_settings.dry_run;

  if (!sectional) {
    for (std::size_t i = 0; i < section.size(); ++i) {
      const FileJob& job = section[i];
      if (m_stop.load()) {
        summary.stopped = true;
        summary.stop_reason = "stopped on request";
        return;
      }
      m_observer.file_started(job, ++m_index, m_total);
      auto outcome = loader.load(job, true, next_of(i));
      m_observer.file_finished(outcome);
      if (outcome.status == FileStatus::Interrupted) {
        summary.stopped = true;
        summary.stop_reason = "stopped on request";
        return;
      }
      count_outcome(outcome, summary);
      remaining.erase(remaining.begin());
      if (m_hooks.checkpoint) m_hooks.checkpoint(summary, remaining, SafePoint::AfterFile);
      if (outcome.status == FileStatus::Loaded) pause_if_due(summary, remaining, 1);
    }
    return;
  }

  // Sectional commit: the folder's files commit together or not at all.
  if (m_stop.load()) {  // asked during a pause: nothing of this folder has begun
    summary.stopped = true;
    summary.stop_reason = "stopped on request";
    return;
  }
  std::vector<FileOutcome> pending;
  const FileJob* current = nullptr;
  try {
    database::Transaction tx(*m_conn);
    for (std::size_t i = 0; i < section.size(); ++i) {
      const FileJob& job = section[i];
      if (m_stop.load()) throw Interrupted();
      current = &job;
      m_observer.file_started(job, ++m_index, m_total);
      auto outcome = loader.load(job, false, next_of(i));
      m_observer.file_finished(outcome);
      pending.push_back(std::move(outcome));
    }
    tx.commit();
  } catch (const database::ConnectionError&) {
    throw;
  } catch (const Interrupted&) {
    summary.stopped = true;
    summary.stop_reason = "stopped on request; the folder's section was rolled back";
    return;
  } catch (const Error& e) {
    const auto* file_error = dynamic_cast<const FileError*>(&e);
    FileOutcome failed;
    failed.status = FileStatus::Failed;
    failed.source_file = current ? current->source_file : "";
    failed.table = current ? current->table : "";
    failed.failure = file_error ? file_error->failure() : FileFailure::Database;
    failed.error = e.what();
    try {
      ledger::NewImport record;
      record.schema_name = m_settings.schema;
      record.table_name = failed.table;
      record.source_file = failed.source_file;
      ledger::record_failure(*m_conn, record, failed.error, 0);
    } catch (const Error&) {
    }
    count_outcome(failed, summary);
    summary.stopped = true;
    summary.section_failed = true;
    const std::string folder =
        current ? std::filesystem::path(current->source_file).parent_path().generic_string() : "";
    summary.stop_reason =
        fmt::format("section '{}' rolled back: {} failed: {}", folder.empty() ? "." : folder,
                    failed.source_file, failed.error);
    m_observer.notice(summary.stop_reason);
    return;
  }
  std::size_t loaded = 0;
  for (auto& outcome : pending) {
    if (outcome.status == FileStatus::Loaded) ++loaded;
    count_outcome(outcome, summary);
    remaining.erase(remaining.begin());
  }
  if (m_hooks.checkpoint) m_hooks.checkpoint(summary, remaining, SafePoint::AfterFile);
  pause_if_due(summary, remaining, loaded);
}

// Nothing more can load, but what committed did: the run stops like a
// Ctrl-C, with its summary and a pause file. The file in flight stays
// remaining: if the connection dropped during its COMMIT, whether it landed
// is known only to the server, and the resumed run settles it from the
// ledger (its SHA-256 is then found loaded and it counts as a duplicate).
void EtlRun::stop_on_lost_connection(const database::ConnectionError& error, RunSummary& summary) {
  summary.stopped = true;
  summary.stop_reason = error.what();
  log_error(summary.stop_reason);
  m_observer.notice(summary.stop_reason);
}

void EtlRun::pause_if_due(RunSummary& summary, const std::vector<FileJob>& remaining,
                          std::size_t newly_loaded) {
  if (m_settings.pause_every == 0 || remaining.empty()) return;
  m_loaded_since_pause += newly_loaded;
  if (m_loaded_since_pause < m_settings.pause_every) return;
  m_loaded_since_pause = 0;
  if (m_hooks.checkpoint) m_hooks.checkpoint(summary, remaining, SafePoint::Pause);
  m_observer.notice(fmt::format("pausing {} s after {} loaded files", m_settings.pause_seconds,
                                m_settings.pause_every));
  log_pause(m_settings, remaining.size());
  for (std::size_t left = m_settings.pause_seconds; left > 0; --left) {
    if (m_stop.load()) return;
    m_observer.pause_tick(left);
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  m_observer.pause_tick(0);
}

}  // namespace pgdatahub::orchestrator
