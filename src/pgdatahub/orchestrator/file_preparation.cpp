// How FileLoader prepares a file before it loads it: the folder's next file
// hashed and opened ahead, while the current one's last rows are ingested and
// committed, and a file hashed (and opened meanwhile, when it cannot be a
// duplicate) at its turn.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/ledger/loaded_sizes.hpp>
#include <pgdatahub/orchestrator/file_loader.hpp>
#include <pgdatahub/orchestrator/opened_file.hpp>

#include <future>

namespace pgdatahub::orchestrator {

void FileLoader::prepare_next(const FileJob& next) {
  m_prepared_path = next.path;
  m_prepared = std::async(std::launch::async, [next] { return prepare_file(next); });
}

OpenedFile FileLoader::take_prepared(const FileJob& job) {
  if (m_prepared.valid()) {
    auto prepared = std::move(m_prepared);  // waits for it, on every path
    if (m_prepared_path == job.path) {
      // Preparing ahead must never change an outcome: a file that failed
      // then, or changed since (a pause may have passed), is read afresh.
      try {
        OpenedFile opened = prepared.get();
        if (opened.file->unchanged()) return opened;
      } catch (const FileError&) {
      }
    }
  }
  OpenedFile opened = map_file(job);
  if (may_be_duplicate(job, opened.file->bytes().size())) {
    hash_mapped(opened);
  } else {
    hash_while_opening(job, opened);
  }
  return opened;
}

// Hashing a file and opening it (for an .xlsx, reading its whole shared
// string table) each take a tenth of a second or more on a large workbook,
// and a file prepared ahead has had both done while its predecessor loaded:
// a worker's first file, and a run of one large file, would wait for them
// one after the other. Opening first cannot change an outcome (an open
// error is raised only after the duplicate check, as for a file prepared
// ahead), but it is wasted on a duplicate, and a re-run over many loaded
// files must stay cheap: so it runs beside the hashing only when the
// ledger proves the file new. Equal SHA-256 implies equal size, so a size
// that no import in force of the table has cannot be a duplicate. A sheet
// set can load into a table per sheet, known only once the file is open:
// it is hashed first, as before.
bool FileLoader::may_be_duplicate(const FileJob& job, std::uint64_t byte_size) {
  if (job.folder.sheet_set.sheets) return true;
  if (!m_has_ledger) return false;
  return ledger::may_hold_size(*m_conn, job.schema, job.table, byte_size);
}

}  // namespace pgdatahub::orchestrator
