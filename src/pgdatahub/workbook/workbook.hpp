#pragma once
// The reader interface every format implements, and the one entry point that
// picks the reader from the file's bytes (never from its extension).
#include <pgdatahub/types/text_locale.hpp>
#include <pgdatahub/workbook/byte_source.hpp>
#include <pgdatahub/workbook/cell.hpp>
#include <pgdatahub/workbook/format.hpp>
#include <pgdatahub/workbook/read_ahead_source.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::workbook {

struct SheetInfo {
  std::string name;
  bool visible = true;       // false for hidden and veryHidden sheets
  bool is_worksheet = true;  // false for chartsheets, dialog and macro sheets
};

// Counters a reader keeps while streaming a sheet.
struct ReadStats {
  std::uint64_t error_cells = 0;     // #N/A, #DIV/0!, ... (loaded as NULL)
  std::uint64_t nul_removed = 0;     // NUL characters dropped from text
  std::uint64_t bytes_inflated = 0;  // decompressed XML / record bytes consumed
  std::string repairs;               // what was read leniently, for the ledger ("" when nothing)
};

// Streams the rows of one sheet. Memory stays flat: a row's cells and texts
// are valid only until the next call to next_row, except the texts that lie
// inside lasting_texts().
class SheetReader {
 public:
  virtual ~SheetReader() = default;
  // Fills `row` with the next row that has at least one cell; false at the end.
  // Throws FileError on corrupt, truncated or hostile content.
  virtual bool next_row(RowView& row) = 0;
  virtual const ReadStats& stats() const = 0;
  // Memory whose texts outlive the rows (a workbook's shared string table):
  // a text next_row hands out that lies wholly inside it stays valid, and
  // unchanged, until this reader is destroyed, so a consumer may keep a view
  // of it where it would copy any other. The same range for the reader's
  // whole life, written before the reader exists and never after, so other
  // threads may read it while the reader reads on. Empty (the default): no
  // text outlives its row. A reader wrapping another may pass the inner
  // reader's range on (texts it makes itself lie elsewhere), never a range of
  // its own memory unless that memory keeps the same promise.
  virtual std::string_view lasting_texts() const { return {}; }
};

// Whether `text` lies wholly inside `lasting` (a reader's lasting_texts()), so
// that a view of it may be kept as long as that reader. One unsigned
// comparison each way: a text before the range wraps to a huge offset.
inline bool lies_within(std::string_view text, std::string_view lasting) noexcept {
  const std::uintptr_t offset = reinterpret_cast<std::uintptr_t>(text.data()) -
                                reinterpret_cast<std::uintptr_t>(lasting.data());
  return offset <= lasting.size() && text.size() <= lasting.size() - offset;
}

class Workbook {
 public:
  virtual ~Workbook() = default;
  virtual Format format() const = 0;
  virtual const std::vector<SheetInfo>& sheets() const = 0;
  // Opens sheet `index` (into sheets()). The workbook must outlive the reader.
  // Throws FileError (MissingSheet) for an index past the last sheet.
  std::unique_ptr<SheetReader> open_sheet(std::size_t index);

 protected:
  // What a format does once open_sheet has checked the index.
  virtual std::unique_ptr<SheetReader> open_valid_sheet(std::size_t index) = 0;
};

// Options that only some formats use (CSV has no encoding or delimiter of its own).
struct OpenOptions {
  char csv_delimiter = '\0';  // '\0': detect
  std::string
      csv_encoding;  // empty: detect (UTF-8, UTF-8 BOM, UTF-16 BOM), else e.g. "windows-1252"
  types::TextLocale text_locale;  // how CSV fields write numbers, dates, booleans, nulls
  std::uint64_t max_inflated_bytes = 8ULL << 30;  // zip bomb guard per part
  std::uint32_t max_compression_ratio = 1000;     // zip bomb guard per part
  InputReleaser release_input;  // told about compressed bytes a reader is done with
  // The candidate passwords for an encrypted workbook. Called only when one
  // is met, so secrets are read only when needed; unset or empty: none
  // configured (Excel's built-in default password is tried regardless).
  std::function<std::vector<std::string>()> passwords;
  // false: the readers take only their plain paths (the XML scanner's events,
  // std::from_chars), the twins the differential test compares the fast
  // paths with. Always true outside tests and benchmarks.
  bool fast_paths = true;
  // Whether a large sheet part (xlsx sheet XML, ods content.xml) is inflated
  // on a thread of its own while the reader scans it.
  InflateThread inflate_thread = InflateThread::Auto;
};

// Opens a workbook held in memory. `bytes` must outlive the workbook and its
// readers: it is the very buffer that was hashed. `name_hint` (the file name)
// is used only to tell CSV from TSV and for messages, never to pick a format.
// Throws FileError (NotSpreadsheet, Unsupported, Encrypted, Corrupt, ...).
std::unique_ptr<Workbook> open_workbook(std::span<const std::byte> bytes,
                                        const std::string& name_hint,
                                        const OpenOptions& options = {});

}  // namespace pgdatahub::workbook
