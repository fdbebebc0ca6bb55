#pragma once
// Loads one file: hash, read, plan, widen, COPY, record, in one transaction.
// Either all of the file is in its table with its etl_imports row, or none of
// it is and the failure is recorded.
#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/ledger/import_log.hpp>
#include <pgdatahub/orchestrator/file_job.hpp>
#include <pgdatahub/orchestrator/file_preparation.hpp>
#include <pgdatahub/orchestrator/opened_file.hpp>
#include <pgdatahub/orchestrator/run_observer.hpp>
#include <pgdatahub/schema/table_state.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace pgdatahub::orchestrator {

class ChunkPipeline;
class SheetLoad;

class FileLoader {
 public:
  // `conn` is null for SKIP_DB runs (read and plan against an empty table).
  // `stop` is polled between chunks: when set, the file is rolled back.
  // `simulated` (dry runs): the tables as the files planned so far would
  // leave them, carried from file to file and from folder to folder.
  FileLoader(database::Connection* conn, const config::Settings& settings, RunObserver& observer,
             const std::atomic<bool>& stop,
             std::map<std::string, schema::TableState>* simulated = nullptr);

  // With `own_transaction` false the caller holds a transaction (a section)
  // and the file's rows commit, or roll back, with it; errors then propagate.
  // `next`, the file loaded after this one if any, is hashed and opened
  // while this file's last rows are ingested and committed.
  FileOutcome load(const FileJob& job, bool own_transaction = true, const FileJob* next = nullptr);

  // A file prepared by the caller (the run's first, while the run
  // connected), taken at load() if it is that file's, else dropped there.
  // One that holds nothing leaves what the loader prepared itself.
  void take_over(PreparedFile prepared);

 private:
  using Clock = std::chrono::steady_clock;

  // The stages of load(), which turns what they throw into the outcome.
  void load_with_retries(const FileJob& job, bool own_transaction, const FileJob* next,
                         Clock::time_point started, FileOutcome& outcome,
                         ledger::NewImport& record);
  void load_file(const FileJob& job, bool own_transaction, const FileJob* next,
                 Clock::time_point started, FileOutcome& outcome, ledger::NewImport& record);
  // One sheet's path; a folder with `sheets:` takes load_sheet_set instead.
  void load_opened(const FileJob& job, OpenedFile& opened, bool own_transaction,
                   const FileJob* next, Clock::time_point started, FileOutcome& outcome,
                   ledger::NewImport& record);
  // The sheets `sheets:` chose, one after another in the file's transaction,
  // into the folder's table or a table each (sheet_set_load.cpp).
  void load_sheet_set(const FileJob& job, OpenedFile& opened, bool own_transaction,
                      const FileJob* next, Clock::time_point started, FileOutcome& outcome,
                      ledger::NewImport& record);
  // Takes the table's lock and inserts the import row; none when the
  // content turned out to be loaded already (by another process).
  std::optional<ledger::StartedImport> begin_import(const FileJob& job,
                                                    const ledger::NewImport& record,
                                                    FileOutcome& outcome);
  // What the sheets of one file share while they load.
  struct Pass {
    bool writes = false;  // not a dry run, and a database
    bool own_transaction = true;
    const FileJob* next = nullptr;
    std::optional<database::Transaction> tx;  // outlives every sheet's SheetLoad (and COPY)
    FileOutcome& outcome;
  };
  // True (and the outcome a duplicate) when every table in `tables` holds
  // this content read the same way; a reading that changed is noted.
  bool loaded_already(const std::vector<std::string>& tables, const ledger::NewImport& record,
                      FileOutcome& outcome);
  // Loads the sheet `opened` is on into job.table under `import`, which it
  // starts from `record` when it is not yet. Nullopt when that import turned
  // out to be loaded already; else the sheet's read counters.
  std::optional<workbook::ReadStats> load_sheet(const FileJob& job, const ledger::NewImport& record,
                                                OpenedFile& opened,
                                                std::optional<ledger::StartedImport>& import,
                                                const std::string* source_sheet, Pass& pass);
  void send_chunks(ChunkPipeline& chunks, SheetLoad& sheet, const std::string& sheet_name,
                   bool writes);
  // Writes an import's counts into its etl_imports row (a live load's).
  void finish_import(std::int64_t import_id, std::uint64_t rows, const workbook::ReadStats& stats,
                     Clock::time_point started);
  // The file's last step: its transaction commits (a live load's) and its
  // status says what it did.
  void conclude(Pass& pass);
  // Marks the outcome failed and records the failure in its own transaction.
  void fail(const Error& error, const ledger::NewImport& record, std::int64_t duration_ms,
            FileOutcome& outcome);

  // Preparing a file (file_preparation.cpp).
  void prepare_next(const FileJob& next);
  // The file prepared ahead if it is `job`, else `job` hashed now (and
  // opened meanwhile, when it cannot be a duplicate).
  OpenedFile take_prepared(const FileJob& job);
  // False when the ledger shows `job` cannot hold content already loaded.
  bool may_be_duplicate(const FileJob& job, std::uint64_t byte_size);

  database::Connection* m_conn;
  const config::Settings& m_settings;
  RunObserver& m_observer;
  const std::atomic<bool>& m_stop;
  bool m_has_ledger = false;
  std::map<std::string, schema::TableState>* m_simulated;
  PreparedFile m_prepared;  // destroyed first: waits for the preparing thread
};

}  // namespace pgdatahub::orchestrator
