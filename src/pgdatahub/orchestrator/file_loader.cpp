#include <pgdatahub/core/logger.hpp>
#include <pgdatahub/core/mapped_file.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/copy_stream.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/database/quote.hpp>
#include <pgdatahub/ledger/import_log.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/ledger/table_locks.hpp>
#include <pgdatahub/naming/identifier.hpp>
#include <pgdatahub/orchestrator/chunk_buffer.hpp>
#include <pgdatahub/orchestrator/chunk_pipeline.hpp>
#include <pgdatahub/orchestrator/file_loader.hpp>
#include <pgdatahub/orchestrator/opened_file.hpp>
#include <pgdatahub/orchestrator/read_spec.hpp>
#include <pgdatahub/orchestrator/row_encoder.hpp>
#include <pgdatahub/orchestrator/sheet_load.hpp>
#include <pgdatahub/orchestrator/sheet_selection.hpp>
#include <pgdatahub/revert/revert_executor.hpp>
#include <pgdatahub/schema/metadata_columns.hpp>
#include <pgdatahub/schema/schema_applier.hpp>
#include <pgdatahub/schema/schema_plan.hpp>
#include <pgdatahub/transform/row_transform.hpp>
#include <pgdatahub/types/inference.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace pgdatahub::orchestrator {
namespace {

using Clock = std::chrono::steady_clock;

// How often a file is loaded again after PostgreSQL aborted it to break a
// deadlock with another worker's schema change.
constexpr int max_conflict_attempts = 5;

std::int64_t milliseconds_since(Clock::time_point started) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
}

// An import recorded before read settings were is taken as read the same way.
bool read_the_same_way(const ledger::LoadedImport& loaded, const ledger::NewImport& now) {
  return !loaded.read_fingerprint || *loaded.read_fingerprint == now.read_fingerprint;
}

// The file's counters are its sheets' summed.
void add_stats(workbook::ReadStats& total, const workbook::ReadStats& sheet) {
  total.error_cells += sheet.error_cells;
  total.nul_removed += sheet.nul_removed;
  total.bytes_inflated += sheet.bytes_inflated;
  if (!sheet.repairs.empty()) total.repairs += (total.repairs.empty() ? "" : "; ") + sheet.repairs;
}

// A file rolled back keeps no import, no rows and no schema change: its
// CREATE TABLE was rolled back with it, so the summary must not list it.
void discard(FileOutcome& outcome) {
  outcome.created_table = false;
  outcome.schema_changes.clear();
  outcome.import_id = 0;
  outcome.replaced_imports.clear();
  outcome.rows = 0;
}

}  // namespace

FileLoader::FileLoader(database::Connection* conn, const config::Settings& settings,
                       RunObserver& observer, const std::atomic<bool>& stop,
                       std::map<std::string, schema::TableState>* simulated)
    : m_conn(conn),
      m_settings(settings),
      m_observer(observer),
      m_stop(stop),
      m_simulated(simulated) {
  // A dry run against a database that has never been loaded has no ledger.
  m_has_ledger = m_conn != nullptr && ledger::exists(*m_conn);
}

FileOutcome FileLoader::load(const FileJob& job, bool own_transaction, const FileJob* next) {
  const auto started = Clock::now();
  FileOutcome outcome;
  outcome.source_file = job.source_file;
  outcome.table = job.table;
  if (!job.lock_file.empty()) {
    // Excel and LibreOffice keep this file while the workbook is open: what
    // is on disk is its last save, perhaps not what its user sees.
    outcome.notes.push_back("warning: " + job.lock_file +
                            " is beside it: the workbook is open in Excel or LibreOffice and may "
                            "be mid-edit; loaded as last saved");
  }
  ledger::NewImport record;
  record.schema_name = job.schema;
  record.table_name = job.table;
  record.source_file = job.source_file;
  record.data_root = job.root.given;
  record.data_root_canonical = job.root.canonical;
  record.source_name = job.root.source;
  const ReadSpec spec = read_spec(job.folder);
  record.read_settings = spec.settings;
  record.read_fingerprint = spec.fingerprint;
  try {
    load_with_retries(job, own_transaction, next, started, outcome, record);
  } catch (const Interrupted&) {
    if (!own_transaction) throw;
    outcome.status = FileStatus::Interrupted;
    discard(outcome);
  } catch (const database::ConnectionError&) {
    throw;  // nothing more can be loaded: the run ends
  } catch (const Error& e) {
    if (!own_transaction) throw;
    fail(e, record, milliseconds_since(started), outcome);
  }
  outcome.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return outcome;
}

// Files of one table load at once; two that both change the table's schema
// mid-file wait for each other and PostgreSQL aborts one of them. Its
// transaction rolled back whole, so it loads again from the start, once the
// other has committed its change.
void FileLoader::load_with_retries(const FileJob& job, bool own_transaction, const FileJob* next,
                                   Clock::time_point started, FileOutcome& outcome,
                                   ledger::NewImport& record) {
  const FileOutcome fresh = outcome;
  for (int attempt = 1;; ++attempt) {
    try {
      load_file(job, own_transaction, next, started, outcome, record);
      return;
    } catch (const database::RetryableConflict& e) {
      if (!own_transaction || attempt == max_conflict_attempts) throw;
      outcome = fresh;
      log_warning(fmt::format("{}: {}; loading it again", printable(job.source_file), e.what()));
      m_observer.notice(
          fmt::format("{}: another worker changed table {} at the same moment; "
                      "loading the file again",
                      printable(job.source_file), printable(job.table)));
    }
  }
}

void FileLoader::load_file(const FileJob& job, bool own_transaction, const FileJob* next,
                           Clock::time_point started, FileOutcome& outcome,
                           ledger::NewImport& record) {
  OpenedFile opened = take_prepared(job);
  try {
    load_opened(job, opened, own_transaction, next, started, outcome, record);
  } catch (const Interrupted&) {
    throw;
  } catch (const database::ConnectionError&) {
    throw;
  } catch (const Error&) {
    // A file truncated or rewritten while it was read makes the reader fail
    // on bytes that are not the file's: that, not the reader's complaint,
    // is the cause to report.
    opened.file->require_unchanged();
    throw;
  }
}

void FileLoader::load_opened(const FileJob& job, OpenedFile& opened, bool own_transaction,
                             const FileJob* next, Clock::time_point started, FileOutcome& outcome,
                             ledger::NewImport& record) {
  const MappedFile& file = *opened.file;
  outcome.byte_size = file.bytes().size();
  outcome.sha256 = opened.sha256;
  record.sha256 = outcome.sha256;
  record.byte_size = outcome.byte_size;
  if (job.folder.sheet_set.sheets) {
    load_sheet_set(job, opened, own_transaction, next, started, outcome, record);
    return;
  }
  if (loaded_already({job.table}, record, outcome)) return;

  if (!opened.sheet_opened) open_sheet(job, opened);
  outcome.sheet = opened.sheet;
  record.sheet = outcome.sheet;
  take_notes(opened, outcome);
  if (opened.open_error) std::rethrow_exception(opened.open_error);

  Pass pass{m_conn != nullptr && !m_settings.dry_run, own_transaction, next, {}, outcome};
  std::optional<ledger::StartedImport> import;
  if (!load_sheet(job, record, opened, import, nullptr, pass)) {
    return;  // a duplicate: the transaction rolls back, nothing was written
  }
  if (pass.writes) finish_import(outcome.import_id, outcome.rows, outcome.read_stats, started);
  conclude(pass);
}

void FileLoader::finish_import(std::int64_t import_id, std::uint64_t rows,
                               const workbook::ReadStats& stats, Clock::time_point started) {
  ledger::finish_import(
      *m_conn, import_id,
      {rows, stats.error_cells, stats.nul_removed, milliseconds_since(started), stats.repairs});
}

void FileLoader::conclude(Pass& pass) {
  FileOutcome& outcome = pass.outcome;
  if (pass.writes) {
    if (pass.tx) pass.tx->commit();
    outcome.status = outcome.rows == 0 ? FileStatus::Empty : FileStatus::Loaded;
  } else {
    outcome.status = outcome.rows == 0 ? FileStatus::Empty : FileStatus::Planned;
  }
}

bool FileLoader::loaded_already(const std::vector<std::string>& tables,
                                const ledger::NewImport& record, FileOutcome& outcome) {
  if (!m_has_ledger) return false;
  bool all_same = !tables.empty();
  for (const auto& table : tables) {
    const auto loaded = ledger::find_loaded(*m_conn, record.schema_name, table, outcome.sha256);
    if (!loaded) {
      all_same = false;
    } else if (!read_the_same_way(*loaded, record)) {
      // The same content read another way replaces its earlier reading
      // (begin_import reverts it in this file's transaction).
      all_same = false;
      outcome.notes.push_back("reloaded: config for " + table + " changed (" +
                              describe_spec_change(loaded->read_settings, record.read_settings) +
                              ")");
    }
  }
  if (all_same) outcome.status = FileStatus::Duplicate;
  return all_same;
}

std::optional<workbook::ReadStats> FileLoader::load_sheet(
    const FileJob& job, const ledger::NewImport& record, OpenedFile& opened,
    std::optional<ledger::StartedImport>& import, const std::string* source_sheet, Pass& pass) {
  FileOutcome& outcome = pass.outcome;
  if (!opened.header_note.empty()) outcome.notes.push_back(opened.header_note);
  // The folder's transforms shape the rows between reading and typing; the
  // table gets the columns they leave. Only made when the folder has one.
  std::unique_ptr<transform::RowTransform> shaping;
  if (!job.folder.transforms.empty() && opened.has_rows) {
    shaping = std::make_unique<transform::RowTransform>(job.folder.transforms, job.folder.locale,
                                                        job.source_file, opened.sheet,
                                                        opened.headers, &m_stop);
    opened.headers = shaping->headers();
  }
  const std::uint64_t rows_before = outcome.rows;
  SheetLoad sheet(job, m_conn, std::move(opened.headers), outcome, m_observer, source_sheet);
  // From here the reader belongs to its own thread, which reads ahead while
  // this one waits for the queries below and then encodes and sends. A
  // sheet with no cell has nothing more to read.
  std::optional<ChunkPipeline> chunks;
  if (opened.has_rows) chunks.emplace(*opened.reader, m_settings.chunk_size, m_stop, shaping.get());

  if (pass.writes) {
    if (pass.own_transaction && !pass.tx) pass.tx.emplace(*m_conn);
    if (!import) {
      import = begin_import(job, record, outcome);
      if (!import) return std::nullopt;
    }
    schema::LockWait lock_wait;
    lock_wait.budget =
        std::chrono::seconds(static_cast<std::chrono::seconds::rep>(m_settings.lock_wait_seconds));
    lock_wait.stop = &m_stop;
    sheet.begin_live(*import, std::move(lock_wait));
  } else {
    sheet.begin_dry_run(m_simulated);
  }

  if (chunks) send_chunks(*chunks, sheet, opened.sheet, pass.writes);
  chunks.reset();
  auto stats = opened.reader->stats();  // the pipeline has ended: the reader is ours again
  // A header found by detection is a choice etl_imports keeps with the import.
  if (!opened.header_note.empty())
    stats.repairs += (stats.repairs.empty() ? "" : "; ") + opened.header_note;
  add_stats(outcome.read_stats, stats);
  if (opened.has_rows && outcome.rows == rows_before) {
    outcome.notes.push_back("sheet '" + printable(opened.sheet) +
                            "' has a header row and no data row: its columns are created, "
                            "no row is loaded");
  }
  if (opened.pending_sheets.empty()) {
    opened.file->require_unchanged();
    // What is left is PostgreSQL ingesting the last rows and the commit: the
    // next file is hashed and opened meanwhile, on the other core.
    if (pass.writes && pass.next != nullptr) prepare_next(*pass.next);
  }
  if (pass.writes) {
    sheet.finish_live();
  } else {
    sheet.finish_dry_run();
  }
  return stats;
}

std::optional<ledger::StartedImport> FileLoader::begin_import(const FileJob& job,
                                                              const ledger::NewImport& record,
                                                              FileOutcome& outcome) {
  // Loads into one table run at once (a revert waits for them); one
  // content or file name loads at a time, so two workers never load the
  // same content twice. Schema changes take their own turns (SheetLoad).
  ledger::lock_table_shared(*m_conn, job.table, job.schema);
  ledger::lock_table_content(*m_conn, job.table, job.schema, outcome.sha256, job.source_file);
  if (const auto loaded = ledger::find_loaded(*m_conn, job.schema, job.table, outcome.sha256)) {
    if (read_the_same_way(*loaded, record)) {
      outcome.status = FileStatus::Duplicate;
      return std::nullopt;
    }
    revert::revert_rows(*m_conn, job.schema, job.table, {loaded->id});
    outcome.replaced_imports.push_back(loaded->id);
  }
  if (m_settings.on_change == config::OnChange::Replace) {
    // The file's earlier versions leave with the new one's arrival, in
    // this transaction: the table always holds the latest version.
    auto older = ledger::find_loaded_versions(*m_conn, job.schema, job.table, job.source_file);
    if (!older.empty()) {
      revert::revert_rows(*m_conn, job.schema, job.table, older);
      outcome.replaced_imports.insert(outcome.replaced_imports.end(), older.begin(), older.end());
    }
  }
  const auto import = ledger::start_import(*m_conn, record);
  outcome.import_id = import.id;
  return import;
}

void FileLoader::send_chunks(ChunkPipeline& chunks, SheetLoad& sheet, const std::string& sheet_name,
                             bool writes) {
  while (const ChunkBuffer* chunk = chunks.next()) {
    if (m_stop.load()) throw Interrupted();
    try {
      if (writes) {
        sheet.load_chunk(*chunk);
      } else {
        sheet.plan_chunk(*chunk);
      }
    } catch (const FileError& e) {
      if (e.failure() != FileFailure::BadValue) throw;
      throw FileError(FileFailure::BadValue, sheet_name + "!" + e.what());
    }
  }
  if (m_stop.load()) throw Interrupted();
}

void FileLoader::fail(const Error& error, const ledger::NewImport& record, std::int64_t duration_ms,
                      FileOutcome& outcome) {
  outcome.status = FileStatus::Failed;
  const auto* file_error = dynamic_cast<const FileError*>(&error);
  outcome.failure = file_error ? file_error->failure() : FileFailure::Database;
  outcome.error = error.what();
  discard(outcome);
  if (m_conn == nullptr || m_settings.dry_run) return;
  try {
    ledger::record_failure(*m_conn, record, outcome.error, duration_ms);
  } catch (const Error& log_error) {
    // The ledger could not take it: the summary must say so, since
    // etl_imports will not.
    outcome.error += std::string(" (not recorded in etl_imports: ") + log_error.what() + ")";
    log_warning(std::string("could not record the failure in etl_imports: ") + log_error.what());
  }
}

}  // namespace pgdatahub::orchestrator
