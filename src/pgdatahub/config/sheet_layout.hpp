#pragma once
// Where a sheet's table sits: the header row, rows to skip above it, a
// totals block to drop below, or an A1 range. Per folder, inherited by
// subfolders key by key, with `default_<key>` at the top of the config.
//
//   sales:
//     header_row: 4        # 1-based; rows 1-3 (a title block) are skipped
//     skip_footer: 2       # the last two rows (totals) are not data
//   hr:
//     range: "A4:H"        # columns A to H, header on row 4, to the end
//   finance:
//     header_rows: 2       # a two-row header joined per column: "Q1 / Sales"
// With none of header_row, skip_rows and range, a lone title over a wider
// table is detected (header_detection.hpp).
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pgdatahub::config {

struct SheetLayout {
  std::optional<std::uint32_t> header_row;   // 1-based row of the header
  std::optional<std::uint32_t> skip_rows;    // rows above the header (header_row = skip_rows + 1)
  std::optional<std::uint32_t> skip_footer;  // last rows of the sheet that are not data
  std::optional<std::string> range;          // as written, e.g. "A4:H"
  // Rows the header spans from its first row (1 when unset); not part of
  // the window: it says how the header is read, not where the table is.
  std::optional<std::uint32_t> header_rows;

  // Set keys of `inner` override this one's (a subfolder over its parent).
  void inherit(const SheetLayout& inner);
  bool empty() const { return !header_row && !skip_rows && !skip_footer && !range; }
  // The config says where the header is: no detection.
  bool places_header() const { return header_row || skip_rows || range; }
};

// The layout keys a folder takes, for key suggestions and messages.
std::span<const std::string_view> sheet_layout_keys();

// Parses `key` into `layout` if it is a layout key (false otherwise). Throws
// ConfigError naming `where` for a malformed value, or for header_row and
// skip_rows (or range) given together.
bool parse_layout_key(const std::string& key, const YAML::Node& value, const std::string& where,
                      SheetLayout& layout);

// A range resolved: 0-based columns, 1-based rows, open ends as limits.
struct CellRange {
  std::uint32_t first_column = 0;
  std::uint32_t last_column = UINT32_MAX;
  std::uint32_t first_row = 1;
  std::uint32_t last_row = UINT32_MAX;
};

// Parses "A4:H", "A4:H100", "B:D", "A4" (to the end). Throws ConfigError
// saying what is accepted.
CellRange parse_range(const std::string& text, const std::string& where);

}  // namespace pgdatahub::config
