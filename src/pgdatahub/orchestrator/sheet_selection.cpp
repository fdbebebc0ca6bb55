#include <pgdatahub/core/error.hpp>
#include <pgdatahub/orchestrator/sheet_selection.hpp>
#include <pgdatahub/types/canonical_text.hpp>

#include <fnmatch.h>

#include <algorithm>
#include <cctype>

namespace pgdatahub::orchestrator {
namespace {

bool equal_ignoring_case(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

std::string sheet_names(const std::vector<workbook::SheetInfo>& sheets) {
  std::string names;
  for (const auto& sheet : sheets) names += (names.empty() ? "" : ", ") + ("'" + sheet.name + "'");
  return names.empty() ? std::string("no sheets") : names;
}

}  // namespace

std::size_t choose_sheet(const workbook::Workbook& book, const std::optional<std::string>& wanted,
                         const char* key) {
  const auto& sheets = book.sheets();
  if (wanted) {
    std::optional<std::size_t> folded;
    std::size_t folded_matches = 0;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
      if (sheets[i].name == *wanted) return i;
      if (equal_ignoring_case(sheets[i].name, *wanted)) {
        folded = i;
        ++folded_matches;
      }
    }
    if (folded && folded_matches == 1) return *folded;
    throw FileError(FileFailure::MissingSheet, "no sheet named '" + *wanted + "' (the file has " +
                                                   sheet_names(sheets) + "): fix `" + key +
                                                   "` in the config");
  }
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    if (sheets[i].visible && sheets[i].is_worksheet) return i;
  }
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    if (sheets[i].is_worksheet) return i;
  }
  throw FileError(FileFailure::Empty, "the workbook has no worksheet");
}

std::vector<std::size_t> choose_sheets(const workbook::Workbook& book, const config::SheetSet& set,
                                       bool include_hidden) {
  const auto& sheets = book.sheets();
  std::vector<bool> chosen(sheets.size(), false);
  if (set.kind == config::SheetSet::Kind::Names) {
    // A listed name is asked for by name: hidden or not, it is loaded, and
    // a name the file lacks fails the file as `sheet` does.
    for (const auto& name : set.names) chosen[choose_sheet(book, name, "sheets")] = true;
  } else {
    for (std::size_t i = 0; i < sheets.size(); ++i) {
      chosen[i] = sheets[i].is_worksheet && (sheets[i].visible || include_hidden) &&
                  (set.kind == config::SheetSet::Kind::All ||
                   fnmatch(set.pattern.c_str(), sheets[i].name.c_str(), FNM_CASEFOLD) == 0);
    }
  }
  std::vector<std::size_t> indices;
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    if (chosen[i]) indices.push_back(i);
  }
  if (indices.empty()) {
    throw FileError(FileFailure::MissingSheet,
                    "no " + std::string(include_hidden ? "" : "visible ") +
                        "worksheet matches `sheets: " + set.describe() + "` (the file has " +
                        sheet_names(sheets) + "): fix `sheets` in the config");
  }
  return indices;
}

std::vector<std::string> header_texts(const workbook::RowView& row) {
  std::vector<std::string> headers;
  for (const auto& cell : row.cells) {
    if (cell.column >= headers.size()) headers.resize(cell.column + 1);
    std::string text;
    types::append_canonical_text(cell, text);
    headers[cell.column] = std::move(text);
  }
  return headers;
}

std::string column_letters(std::uint32_t index) {
  std::string letters;
  std::uint64_t n = static_cast<std::uint64_t>(index) + 1;
  while (n > 0) {
    const auto rem = static_cast<char>((n - 1) % 26);
    letters.insert(letters.begin(), static_cast<char>('A' + rem));
    n = (n - 1) / 26;
  }
  return letters;
}

}  // namespace pgdatahub::orchestrator
