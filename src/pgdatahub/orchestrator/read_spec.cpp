#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/ledger/import_log.hpp>
#include <pgdatahub/ledger/sha256.hpp>
#include <pgdatahub/orchestrator/read_spec.hpp>
#include <pgdatahub/types/pg_type.hpp>

#include <fmt/format.h>

#include <map>
#include <optional>
#include <vector>

namespace pgdatahub::orchestrator {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

template <typename T>
void add(Fields& fields, const char* key, const std::optional<T>& value) {
  if (!value) return;
  if constexpr (std::is_same_v<T, std::string>) {
    fields.emplace_back(key, *value);
  } else {
    fields.emplace_back(key, std::to_string(*value));
  }
}

// "key=value; key=value" back into a map (values never hold "; " followed
// by a key and '=' in practice; a mangled parse only shortens a message).
std::map<std::string, std::string> parse_settings(const std::string& text) {
  std::map<std::string, std::string> fields;
  std::size_t at = 0;
  while (at < text.size()) {
    auto end = text.find("; ", at);
    if (end == std::string::npos) end = text.size();
    const auto item = text.substr(at, end - at);
    const auto equals = item.find('=');
    if (equals != std::string::npos) fields[item.substr(0, equals)] = item.substr(equals + 1);
    at = end + 2;
  }
  return fields;
}

// The locale keys a folder sets, in the order of docs/configuration.md; a standard
// locale adds nothing, so imports recorded before locales joined the
// fingerprint keep theirs.
void add_locale(Fields& fields, const types::TextLocale& locale) {
  if (locale.decimal != '.') fields.emplace_back("decimal", std::string(1, locale.decimal));
  if (locale.thousands != '\0') fields.emplace_back("thousands", std::string(1, locale.thousands));
  if (locale.date_format) fields.emplace_back("date_format", locale.date_format->pattern());
  if (locale.datetime_format)
    fields.emplace_back("datetime_format", locale.datetime_format->pattern());
  const auto words = [&](const char* key, const std::vector<std::string>& list) {
    if (list.empty()) return;
    std::string joined;
    for (const auto& word : list) joined += (joined.empty() ? "" : "|") + word;
    fields.emplace_back(key, joined);
  };
  words("true_values", locale.true_values);
  words("false_values", locale.false_values);
  words("null_values", locale.null_values);
}

}  // namespace

ReadSpec read_spec(const config::FolderConfig& folder) {
  Fields fields;
  add(fields, "sheet", folder.sheet);
  if (const auto& set = folder.sheet_set; set.sheets) {
    fields.emplace_back("sheets", set.sheets->describe());
    if (set.per_table()) fields.emplace_back("table_per_sheet", "true");
    if (set.hidden_too()) fields.emplace_back("include_hidden_sheets", "true");
  }
  add(fields, "header_row", folder.layout.header_row);
  add(fields, "header_rows", folder.layout.header_rows);
  add(fields, "skip_rows", folder.layout.skip_rows);
  add(fields, "skip_footer", folder.layout.skip_footer);
  add(fields, "range", folder.layout.range);
  if (!folder.column_types.empty()) {
    std::string columns;
    for (const auto& [header, type] : folder.column_types)
      columns += (columns.empty() ? "" : ",") + header + ":" + std::string(types::sql_name(type));
    fields.emplace_back("columns", columns);
  }
  if (folder.csv_delimiter != '\0')
    fields.emplace_back("csv.delimiter", std::string(1, folder.csv_delimiter));
  if (!folder.csv_encoding.empty()) fields.emplace_back("csv.encoding", folder.csv_encoding);
  add_locale(fields, folder.locale);
  // The transform's identity: its declarative settings and the script's
  // SHA-256, so a changed script reloads the files it shapes.
  for (auto& [key, value] : folder.transforms.describe())
    fields.emplace_back(std::string(ledger::transform_settings_prefix) + key, std::move(value));
  if (const auto& script = folder.transforms.script) {
    fields.emplace_back(std::string(ledger::transform_settings_prefix) + "script",
                        script->path + "@" + script->sha256.substr(0, 16));
  }

  ReadSpec spec;
  for (const auto& [key, value] : fields)
    spec.settings += fmt::format("{}{}={}", spec.settings.empty() ? "" : "; ", key, value);
  ledger::Sha256 hash;
  hash.update(std::as_bytes(std::span(spec.settings.data(), spec.settings.size())));
  spec.fingerprint = hash.hex_digest().substr(0, 16);
  return spec;
}

std::string describe_spec_change(const std::string& before, const std::string& after) {
  const auto old_fields = parse_settings(before);
  const auto new_fields = parse_settings(after);
  std::map<std::string, std::pair<std::string, std::string>> changed;
  for (const auto& [key, value] : old_fields) changed[key].first = value;
  for (const auto& [key, value] : new_fields) changed[key].second = value;
  std::string out;
  for (const auto& [key, values] : changed) {
    if (values.first == values.second) continue;
    out += (out.empty() ? "" : ", ") + key + " " +
           (values.first.empty() ? "(none)" : printable(values.first)) + " -> " +
           (values.second.empty() ? "(none)" : printable(values.second));
  }
  return out.empty() ? "read settings" : out;
}

}  // namespace pgdatahub::orchestrator
