#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/config/sheet_layout.hpp>
#include <pgdatahub/core/error.hpp>

#include <array>
#include <cctype>

namespace pgdatahub::config {
namespace {

std::uint32_t parse_row_count(const YAML::Node& value, const std::string& where,
                              std::size_t min_value) {
  if (!value.IsScalar()) throw ConfigError(where + " must be a whole number");
  const auto count = parse_count(value.as<std::string>(), where, min_value);
  if (count > 1048576) throw ConfigError(where + " must be at most 1048576 (a sheet's last row)");
  return static_cast<std::uint32_t>(count);
}

// One side of a range: optional column letters, then optional row digits.
struct RangeEnd {
  std::optional<std::uint32_t> column;
  std::optional<std::uint32_t> row;
};

std::optional<RangeEnd> parse_end(const std::string& text) {
  RangeEnd end;
  std::size_t at = 0;
  std::uint64_t column = 0;
  while (at < text.size() && std::isalpha(static_cast<unsigned char>(text[at]))) {
    column = column * 26 + static_cast<std::uint64_t>(std::toupper(text[at]) - 'A' + 1);
    if (column > 16384) return std::nullopt;  // past XFD
    ++at;
  }
  if (at > 0) end.column = static_cast<std::uint32_t>(column - 1);
  const std::size_t digits = at;
  std::uint64_t row = 0;
  while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
    row = row * 10 + static_cast<std::uint64_t>(text[at] - '0');
    if (row > 1048576) return std::nullopt;
    ++at;
  }
  if (at > digits) {
    if (row == 0) return std::nullopt;
    end.row = static_cast<std::uint32_t>(row);
  }
  if (at != text.size() || (!end.column && !end.row)) return std::nullopt;
  return end;
}

// A header of more rows than this is a table of its own.
constexpr std::uint32_t max_header_rows = 10;

// `header_rows: 2` (from the header's first row on), or `header_rows: "4-5"`
// (rows 4 and 5: the header's place and span in one key).
void parse_header_rows(const YAML::Node& value, const std::string& where, SheetLayout& layout) {
  const std::string usage = where + " must be a number of rows from 1 to " +
                            std::to_string(max_header_rows) +
                            " (e.g. 2), or the header's rows as \"4-5\"";
  if (!value.IsScalar()) throw ConfigError(usage);
  const std::string text = value.as<std::string>();
  const auto dash = text.find('-');
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  try {
    if (dash == std::string::npos) {
      count = static_cast<std::uint32_t>(parse_count(text, where, 1));
    } else {
      first = static_cast<std::uint32_t>(parse_count(text.substr(0, dash), where, 1));
      const auto last = parse_count(text.substr(dash + 1), where, 1);
      if (last < first || first > 1048576) throw ConfigError(usage);
      count = static_cast<std::uint32_t>(last - first + 1);
    }
  } catch (const ConfigError&) {
    throw ConfigError(usage);
  }
  if (count == 0 || count > max_header_rows) throw ConfigError(usage);
  layout.header_rows = count;
  if (first != 0) layout.header_row = first;
}

}  // namespace

void SheetLayout::inherit(const SheetLayout& inner) {
  // Where the header is comes as one choice: a subfolder that says it
  // replaces its parent's, whichever key either used.
  if (inner.header_row || inner.skip_rows || inner.range) {
    header_row = inner.header_row;
    skip_rows = inner.skip_rows;
    range = inner.range;
  }
  if (inner.skip_footer) skip_footer = inner.skip_footer;
  if (inner.header_rows) header_rows = inner.header_rows;
}

std::span<const std::string_view> sheet_layout_keys() {
  static constexpr std::array<std::string_view, 5> keys = {"header_row", "header_rows", "skip_rows",
                                                           "skip_footer", "range"};
  return keys;
}

bool parse_layout_key(const std::string& key, const YAML::Node& value, const std::string& where,
                      SheetLayout& layout) {
  if (key == "header_row") {
    layout.header_row = parse_row_count(value, where, 1);
  } else if (key == "header_rows") {
    parse_header_rows(value, where, layout);
  } else if (key == "skip_rows") {
    layout.skip_rows = parse_row_count(value, where, 0);
  } else if (key == "skip_footer") {
    layout.skip_footer = parse_row_count(value, where, 0);
  } else if (key == "range") {
    if (!value.IsScalar()) throw ConfigError(where + " must be an A1 range such as \"A4:H\"");
    layout.range = value.as<std::string>();
    parse_range(*layout.range, where);
  } else {
    return false;
  }
  const int placements =
      (layout.header_row ? 1 : 0) + (layout.skip_rows ? 1 : 0) + (layout.range ? 1 : 0);
  if (placements > 1) {
    throw ConfigError(where +
                      ": header_row, skip_rows and range each say where the header is; set one");
  }
  return true;
}

CellRange parse_range(const std::string& text, const std::string& where) {
  const auto refuse = [&]() -> CellRange {
    throw ConfigError(where + ": '" + text +
                      "' is not an A1 range (use e.g. \"A4:H\", \"A4:H200\", \"B:D\" or \"A4\")");
  };
  const auto colon = text.find(':');
  const auto first = parse_end(text.substr(0, colon));
  if (!first) return refuse();
  CellRange range;
  if (first->column) range.first_column = *first->column;
  if (first->row) range.first_row = *first->row;
  if (colon != std::string::npos) {
    const auto last = parse_end(text.substr(colon + 1));
    if (!last) return refuse();
    if (last->column) range.last_column = *last->column;
    if (last->row) range.last_row = *last->row;
    if (range.last_column < range.first_column || range.last_row < range.first_row) return refuse();
  }
  return range;
}

}  // namespace pgdatahub::config
