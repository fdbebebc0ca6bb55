#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/ledger/sha256.hpp>
#include <pgdatahub/orchestrator/opened_file.hpp>
#include <pgdatahub/orchestrator/sheet_header.hpp>
#include <pgdatahub/orchestrator/sheet_selection.hpp>
#include <pgdatahub/orchestrator/sheet_window.hpp>

#include <algorithm>
#include <future>
#include <system_error>

namespace pgdatahub::orchestrator {
namespace {

// Hashing walks the whole file once; blocks are dropped from memory behind
// it, since parsing reads them again from the page cache anyway.
constexpr std::size_t hash_block_bytes = 8 << 20;

std::string hash_releasing(const MappedFile& file) {
  ledger::Sha256 hash;
  const auto bytes = file.bytes();
  for (std::size_t at = 0; at < bytes.size(); at += hash_block_bytes) {
    const auto block = bytes.subspan(at, std::min(hash_block_bytes, bytes.size() - at));
    hash.update(block);
    file.release(block);
  }
  return hash.hex_digest();
}

// Reads the header of the sheet `opened.reader` is open on, whose first row
// (with a cell) is `row`.
void read_sheet_header(const FileJob& job, OpenedFile& opened, workbook::RowView& row) {
  auto header = read_header(std::move(opened.reader), row, job.folder.layout);
  opened.headers = std::move(header.texts);
  opened.reader = std::move(header.reader);
  opened.header_note.clear();
  if (!header.note.empty())
    opened.header_note = "sheet '" + printable(opened.sheet) + "': " + header.note;
}

}  // namespace

OpenedFile hash_file(const FileJob& job) {
  OpenedFile opened = map_file(job);
  hash_mapped(opened);
  return opened;
}

OpenedFile map_file(const FileJob& job) {
  OpenedFile opened;
  opened.file = std::make_unique<const MappedFile>(job.path, job.seen);
  return opened;
}

void hash_mapped(OpenedFile& opened) {
  opened.sha256 = hash_releasing(*opened.file);
  // The bytes hashed must be the bytes parsed: a file rewritten in between
  // would be recorded under the wrong identity.
  opened.file->require_unchanged();
}

void hash_while_opening(const FileJob& job, OpenedFile& opened) {
  // Both threads read the one mapping, so what is hashed is what is parsed
  // as long as the file keeps its stamp, checked here once both are done
  // and by the loader again after the last row. The future's destructor
  // waits for the hashing thread, whatever happens here.
  const MappedFile& file = *opened.file;
  std::future<std::string> hashing;
  try {
    hashing = std::async(std::launch::async, [&file] { return hash_releasing(file); });
  } catch (const std::system_error&) {
    hash_mapped(opened);  // no thread to be had: one after the other, as before
    open_sheet(job, opened);
    return;
  }
  open_sheet(job, opened);
  opened.sha256 = hashing.get();
  opened.file->require_unchanged();
}

void open_sheet(const FileJob& job, OpenedFile& opened) noexcept {
  opened.sheet_opened = true;
  try {
    workbook::OpenOptions options;
    options.csv_delimiter = job.folder.csv_delimiter;
    options.csv_encoding = job.folder.csv_encoding;
    options.text_locale = job.folder.locale;
    options.passwords = [sources = job.folder.passwords] {
      return config::resolve_passwords(sources);
    };
    const MappedFile* file = opened.file.get();
    options.release_input = [file](std::span<const std::byte> done) { file->release(done); };
    opened.book = workbook::open_workbook(file->bytes(), job.path.filename().string(), options);
    if (const auto& set = job.folder.sheet_set.sheets) {
      opened.pending_sheets = choose_sheets(*opened.book, *set, job.folder.sheet_set.hidden_too());
      for (const std::size_t index : opened.pending_sheets)
        opened.chosen_sheets.push_back(opened.book->sheets()[index].name);
      open_next_sheet(job, opened);
      return;
    }
    const auto& sheets = opened.book->sheets();
    const std::size_t chosen = choose_sheet(*opened.book, job.folder.sheet);

    // A configured sheet is read as it is; otherwise an empty first sheet
    // (a blank Sheet1 left in front of the data) gives way to the next
    // visible worksheet that has a cell, and the output names it.
    std::vector<std::size_t> candidates{chosen};
    if (!job.folder.sheet) {
      for (std::size_t i = chosen + 1; i < sheets.size(); ++i) {
        if (sheets[i].visible && sheets[i].is_worksheet) candidates.push_back(i);
      }
    }
    workbook::RowView row;
    for (const std::size_t index : candidates) {
      opened.reader = window_rows(opened.book->open_sheet(index), job.folder.layout);
      opened.sheet = sheets[index].name;
      opened.has_rows = opened.reader->next_row(row);
      if (opened.has_rows) break;
    }
    if (!opened.has_rows) {
      // Nothing to read in any candidate: the first one is what is recorded.
      opened.sheet = sheets[chosen].name;
      opened.notes.push_back("sheet '" + printable(opened.sheet) + "' has no cells" +
                             (candidates.size() > 1 ? ", nor has any other visible sheet" : ""));
      return;
    }
    if (opened.sheet != sheets[chosen].name) {
      opened.notes.push_back("sheet '" + printable(sheets[chosen].name) +
                             "' is empty: loaded sheet '" + printable(opened.sheet) +
                             "', the first visible sheet with data");
    }
    read_sheet_header(job, opened, row);
  } catch (...) {
    opened.open_error = std::current_exception();
  }
}

bool open_next_sheet(const FileJob& job, OpenedFile& opened) {
  if (opened.pending_sheets.empty()) return false;
  const std::size_t index = opened.pending_sheets.front();
  opened.pending_sheets.erase(opened.pending_sheets.begin());
  opened.sheet = opened.book->sheets()[index].name;
  opened.headers.clear();
  opened.header_note.clear();
  opened.reader.reset();  // the workbook's readers take turns: the last one is done
  opened.reader = window_rows(opened.book->open_sheet(index), job.folder.layout);
  workbook::RowView row;
  opened.has_rows = opened.reader->next_row(row);
  if (opened.has_rows) {
    read_sheet_header(job, opened, row);
  } else {
    opened.notes.push_back("sheet '" + printable(opened.sheet) + "' has no cells");
  }
  return true;
}

OpenedFile prepare_file(const FileJob& job) {
  OpenedFile opened = hash_file(job);
  open_sheet(job, opened);
  return opened;
}

void take_notes(OpenedFile& opened, FileOutcome& outcome) {
  for (auto& note : opened.notes) outcome.notes.push_back(std::move(note));
  opened.notes.clear();
}

}  // namespace pgdatahub::orchestrator
