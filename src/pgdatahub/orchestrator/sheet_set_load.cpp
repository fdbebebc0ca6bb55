// FileLoader's path for a folder with `sheets:` (issue 9): the sheets it
// chose are loaded one after another in the file's transaction, either into
// the folder's table, each row's sheet in source_sheet, under one import of
// the file, or (`table_per_sheet: true`) each into a table of its own as an
// import of its own. One sheet's load is FileLoader::load_sheet either way.
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/orchestrator/file_loader.hpp>
#include <pgdatahub/orchestrator/opened_file.hpp>
#include <pgdatahub/orchestrator/sheet_tables.hpp>

#include <fmt/format.h>

namespace pgdatahub::orchestrator {

void FileLoader::load_sheet_set(const FileJob& job, OpenedFile& opened, bool own_transaction,
                                const FileJob* next, Clock::time_point started,
                                FileOutcome& outcome, ledger::NewImport& record) {
  const bool per_table = job.folder.sheet_set.per_table();
  if (!per_table && loaded_already({job.table}, record, outcome)) return;

  if (!opened.sheet_opened) open_sheet(job, opened);
  outcome.sheet = joined_names(opened.chosen_sheets);
  record.sheet = outcome.sheet;
  take_notes(opened, outcome);
  if (opened.open_error) std::rethrow_exception(opened.open_error);
  // A table per sheet: each sheet is an import of its own table, all of
  // them in this file's transaction.
  std::vector<std::string> tables;
  if (per_table) {
    tables = sheet_tables(job, opened.chosen_sheets);
    outcome.table = joined_names(tables);
    if (loaded_already(tables, record, outcome)) return;
  }

  Pass pass{m_conn != nullptr && !m_settings.dry_run, own_transaction, next, {}, outcome};
  std::optional<ledger::StartedImport> import;  // of the file, when its sheets share a table
  bool imported = false;
  std::size_t position = 0;
  do {
    take_notes(opened, outcome);
    const std::uint64_t rows_before = outcome.rows;
    std::optional<workbook::ReadStats> stats;
    if (tables.empty()) {
      stats = load_sheet(job, record, opened, import, &opened.sheet, pass);
      if (!stats) return;  // a duplicate: the transaction rolls back, nothing was written
    } else {
      FileJob sheet_job = job;
      sheet_job.table = tables[position];
      ledger::NewImport sheet_record = record;
      sheet_record.table_name = tables[position];
      sheet_record.sheet = opened.sheet;
      std::optional<ledger::StartedImport> sheet_import;
      stats = load_sheet(sheet_job, sheet_record, opened, sheet_import, nullptr, pass);
      if (stats && pass.writes)
        finish_import(sheet_import->id, outcome.rows - rows_before, *stats, started);
    }
    imported = imported || stats.has_value();
    if (!pass.writes) {
      // The dry run lists what each sheet will load, and where.
      outcome.notes.push_back(fmt::format("sheet '{}' -> {}: {} rows", printable(opened.sheet),
                                          tables.empty() ? job.table : tables[position],
                                          outcome.rows - rows_before));
    }
    ++position;
  } while (open_next_sheet(job, opened));
  if (!imported) return;  // every sheet's table holds it already: a duplicate

  if (pass.writes && tables.empty())
    finish_import(outcome.import_id, outcome.rows, outcome.read_stats, started);
  conclude(pass);
}

}  // namespace pgdatahub::orchestrator
