#pragma once
// Several sheets of a workbook: which ones, and whether they share a table.
// Per folder, inherited by subfolders key by key, with `default_<key>` at
// the top of the config, as `sheet` is.
//
//   sales:
//     sheets: all                  # every visible worksheet, into one table
//   regions:
//     sheets: [North, South]       # these, in the workbook's order
//     table_per_sheet: true        # regions_north, regions_south
//   months:
//     sheets: "2024-*"             # a pattern (`*`, `?`, `[...]`), case-insensitive
//     include_hidden_sheets: true  # hidden sheets too, when they match
// Sheets sharing a table get a `source_sheet` metadata column.
#include <yaml-cpp/yaml.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::config {

struct SheetSet {
  enum class Kind { All, Names, Pattern };
  Kind kind = Kind::All;
  std::vector<std::string> names;  // Kind::Names, as written
  std::string pattern;             // Kind::Pattern

  // "all", "A|B", or the pattern: how the set reads in the import's settings.
  std::string describe() const;
};

struct SheetSetSettings {
  std::optional<SheetSet> sheets;
  std::optional<bool> table_per_sheet;
  std::optional<bool> include_hidden_sheets;

  // Set keys of `inner` override this one's (a subfolder over its parent).
  void inherit(const SheetSetSettings& inner);
  bool per_table() const { return sheets && table_per_sheet.value_or(false); }
  bool hidden_too() const { return include_hidden_sheets.value_or(false); }
};

// The keys above, for suggestions and messages.
std::span<const std::string_view> sheet_set_keys();

// Parses `key` into `settings` if it is one of the keys above (false
// otherwise). Throws ConfigError naming `where` for a malformed value.
bool parse_sheet_set_key(const std::string& key, const YAML::Node& value, const std::string& where,
                         SheetSetSettings& settings);

// `sheet` and `sheets` set at one level: a ConfigError naming both keys.
void check_one_sheet_key(bool has_sheet, const SheetSetSettings& settings, const std::string& where,
                         const std::string& prefix = "");

}  // namespace pgdatahub::config
