#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/config/sheet_set.hpp>
#include <pgdatahub/core/error.hpp>

#include <array>

namespace pgdatahub::config {
namespace {

const char* const sheets_usage =
    " must be `all`, a list of sheet names ([North, South]) or a pattern (\"2024-*\")";

SheetSet parse_sheets(const YAML::Node& value, const std::string& where) {
  SheetSet set;
  if (value.IsSequence()) {
    set.kind = SheetSet::Kind::Names;
    for (const auto& item : value) {
      if (!item.IsScalar() || item.as<std::string>().empty())
        throw ConfigError(where + sheets_usage + ": every list item must be a sheet name");
      set.names.push_back(item.as<std::string>());
    }
    if (set.names.empty()) throw ConfigError(where + sheets_usage + ", not an empty list");
    return set;
  }
  if (!value.IsScalar() || value.as<std::string>().empty()) throw ConfigError(where + sheets_usage);
  const std::string text = value.as<std::string>();
  if (text == "all") return set;
  set.kind = SheetSet::Kind::Pattern;
  set.pattern = text;
  return set;
}

}  // namespace

std::string SheetSet::describe() const {
  switch (kind) {
    case Kind::All:
      return "all";
    case Kind::Names: {
      std::string joined;
      for (const auto& name : names) joined += (joined.empty() ? "" : "|") + name;
      return joined;
    }
    case Kind::Pattern:
      return pattern;
  }
  return {};
}

void SheetSetSettings::inherit(const SheetSetSettings& inner) {
  if (inner.sheets) sheets = inner.sheets;
  if (inner.table_per_sheet) table_per_sheet = inner.table_per_sheet;
  if (inner.include_hidden_sheets) include_hidden_sheets = inner.include_hidden_sheets;
}

std::span<const std::string_view> sheet_set_keys() {
  static constexpr std::array<std::string_view, 3> keys = {"sheets", "table_per_sheet",
                                                           "include_hidden_sheets"};
  return keys;
}

bool parse_sheet_set_key(const std::string& key, const YAML::Node& value, const std::string& where,
                         SheetSetSettings& settings) {
  if (key == "sheets") {
    settings.sheets = parse_sheets(value, where);
  } else if (key == "table_per_sheet" || key == "include_hidden_sheets") {
    if (!value.IsScalar()) throw ConfigError(where + " must be true or false");
    (key == "table_per_sheet" ? settings.table_per_sheet : settings.include_hidden_sheets) =
        parse_flag(value.as<std::string>(), where);
  } else {
    return false;
  }
  return true;
}

void check_one_sheet_key(bool has_sheet, const SheetSetSettings& settings, const std::string& where,
                         const std::string& prefix) {
  if (!has_sheet || !settings.sheets) return;
  throw ConfigError(where + ": " + prefix + "sheet and " + prefix + "sheets are both set: keep `" +
                    prefix + "sheet` to load one sheet, or `" + prefix + "sheets` to load several");
}

}  // namespace pgdatahub::config
