#pragma once
// The part of loading a file that needs no database: map and hash it, open
// the workbook, choose the sheet and read its header row. FileLoader does it
// for the next file of a folder while the current file's last rows are
// ingested and committed, so that wait is not spent idle.
#include <pgdatahub/core/mapped_file.hpp>
#include <pgdatahub/orchestrator/file_job.hpp>
#include <pgdatahub/workbook/workbook.hpp>

#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace pgdatahub::orchestrator {

struct OpenedFile {
  std::unique_ptr<const MappedFile> file;  // a stable address: readers release pages through it
  std::string sha256;                      // of the very bytes that are parsed
  bool sheet_opened = false;               // open_sheet has run (successfully or not)
  std::unique_ptr<workbook::Workbook> book;
  std::string sheet;  // the chosen sheet, known even if reading it then fails
  std::unique_ptr<workbook::SheetReader> reader;  // positioned after the header row
  bool has_rows = false;  // false: the sheet has no cell at all, and reader is at its end
  std::vector<std::string> headers;
  std::vector<std::string> notes;  // choices made while reading, for the outcome
  std::string header_note;  // where the header was found, when not one first row (sheet_header)
  std::exception_ptr open_error;  // what open_sheet threw
  // `sheets:` only: every sheet chosen (names, in workbook order), and those
  // not yet opened, as indices; the first is open as `sheet`.
  std::vector<std::string> chosen_sheets;
  std::vector<std::size_t> pending_sheets;
};

// Maps and hashes the file. Throws FileError (Io, Empty, or a file that
// changed while it was hashed).
OpenedFile hash_file(const FileJob& job);

// hash_file in two steps: map the file (its size is then known), then hash
// what was mapped.
OpenedFile map_file(const FileJob& job);
void hash_mapped(OpenedFile& opened);

// Hashes the mapped file on another thread while this one runs open_sheet;
// throws what hash_mapped throws, once both are done.
void hash_while_opening(const FileJob& job, OpenedFile& opened);

// Opens the workbook, chooses the sheet and reads the header row. With no
// sheet configured, an empty first sheet gives way to the first visible
// worksheet with data (noted); a sheet with no cell at all is not an error
// (has_rows stays false). A failure
// is kept in open_error rather than thrown: the caller raises it only after
// the duplicate check, so content already loaded is reported as a duplicate
// even when it no longer opens under the current configuration.
void open_sheet(const FileJob& job, OpenedFile& opened) noexcept;

// `sheets:` only: opens the next pending sheet and reads its header as
// open_sheet does (a sheet with no cell leaves has_rows false). False when
// none is left. Throws what the reader throws.
bool open_next_sheet(const FileJob& job, OpenedFile& opened);

// Both: a file prepared ahead of its turn.
OpenedFile prepare_file(const FileJob& job);

// Moves the notes opening made (opened.notes) into the file's outcome.
void take_notes(OpenedFile& opened, FileOutcome& outcome);

}  // namespace pgdatahub::orchestrator
