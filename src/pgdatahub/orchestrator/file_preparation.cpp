// How FileLoader prepares a file before it loads it: ahead of its turn on a
// thread of its own (PreparedFile), or at its turn, hashed and opened
// meanwhile when it cannot be a duplicate.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/ledger/loaded_sizes.hpp>
#include <pgdatahub/orchestrator/file_loader.hpp>
#include <pgdatahub/orchestrator/file_preparation.hpp>
#include <pgdatahub/orchestrator/opened_file.hpp>

#include <future>
#include <system_error>

namespace pgdatahub::orchestrator {

PreparedFile PreparedFile::next_in_folder(const FileJob& job) {
  PreparedFile prepared;
  prepared.m_path = job.path;
  prepared.m_opened = std::async(std::launch::async, [job] { return prepare_file(job); });
  return prepared;
}

// Opened before the ledger can say whether the file may be a duplicate
// (take_prepared asks it for a file prepared at its turn): a first file
// already loaded costs one open for nothing, the price of overlapping its
// opening with the connection. Its open error, if any, is kept in the
// OpenedFile and raised only after the duplicate check, as for any file.
PreparedFile PreparedFile::first_of_run(const FileJob& job) {
  PreparedFile prepared;
  try {
    prepared.m_opened = std::async(std::launch::async, [job] {
      OpenedFile opened = map_file(job);
      hash_while_opening(job, opened);
      return opened;
    });
  } catch (const std::system_error&) {
    return {};
  }
  prepared.m_path = job.path;
  return prepared;
}

std::optional<OpenedFile> PreparedFile::take(const FileJob& job) {
  if (!m_opened.valid()) return std::nullopt;
  auto opened = std::move(m_opened);  // waits for it, on every path
  if (m_path != job.path) return std::nullopt;
  try {
    OpenedFile file = opened.get();
    if (file.file->unchanged()) return file;
  } catch (const FileError&) {
  }
  return std::nullopt;
}

void FileLoader::prepare_next(const FileJob& next) {
  m_prepared = PreparedFile::next_in_folder(next);
}

void FileLoader::take_over(PreparedFile prepared) {
  if (prepared.valid()) m_prepared = std::move(prepared);
}

OpenedFile FileLoader::take_prepared(const FileJob& job) {
  if (auto prepared = m_prepared.take(job)) return std::move(*prepared);
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
