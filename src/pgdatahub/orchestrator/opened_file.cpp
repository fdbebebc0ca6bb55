#include <algorithm>
#include <pgdatahub/ledger/sha256.hpp>
#include <pgdatahub/orchestrator/opened_file.hpp>
#include <pgdatahub/orchestrator/sheet_selection.hpp>

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

}  // namespace

OpenedFile hash_file(const FileJob& job) {
  OpenedFile opened;
  opened.file = std::make_unique<const MappedFile>(job.path);
  opened.sha256 = hash_releasing(*opened.file);
  // The bytes hashed must be the bytes parsed: a file rewritten in between
  // would be recorded under the wrong identity.
  if (!opened.file->unchanged()) {
    throw FileError(FileFailure::Io,
                    "the file changed on disk while it was being loaded: nothing was loaded from "
                    "it; run again once it is no longer being written");
  }
  return opened;
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
    const std::size_t sheet_index = choose_sheet(*opened.book, job.folder.sheet);
    opened.sheet = opened.book->sheets()[sheet_index].name;
    opened.reader = opened.book->open_sheet(sheet_index);

    workbook::RowView row;
    if (!opened.reader->next_row(row)) {
      std::string others;
      for (const auto& info : opened.book->sheets()) {
        if (info.name != opened.sheet)
          others += (others.empty() ? "" : ", ") + ("'" + info.name + "'");
      }
      throw FileError(FileFailure::Empty,
                      "sheet '" + opened.sheet + "' has no rows" +
                          (others.empty() ? std::string()
                                          : " (the file also has " + others +
                                                ": set `sheet` in the config to load one)"));
    }
    opened.headers = header_texts(row);
  } catch (...) {
    opened.open_error = std::current_exception();
  }
}

OpenedFile prepare_file(const FileJob& job) {
  OpenedFile opened = hash_file(job);
  open_sheet(job, opened);
  return opened;
}

}  // namespace pgdatahub::orchestrator
