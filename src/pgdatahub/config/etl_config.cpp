#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/config/key_suggestion.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/naming/identifier.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <span>
#include <sstream>

namespace pgdatahub::config {
namespace {

constexpr std::string_view default_prefix = "default_";

constexpr std::array<std::string_view, 10> setting_keys = {
    "chunk_size",   "pause_every", "pause_seconds", "sectional_commit", "on_change",
    "database_url", "schema",      "table_prefix",  "source",           "shared_table"};

void append(std::vector<std::string>& keys, std::span<const std::string_view> more,
            std::string_view prefix = {}) {
  for (const auto key : more) keys.push_back(fmt::format("{}{}", prefix, key));
}

// The keys a folder takes, in the order the error message lists them: the
// one list both the suggestion and the message are made from.
std::vector<std::string> folder_setting_keys() {
  std::vector<std::string> keys = {"sheet",   "table",   "adopt", "include",
                                   "exclude", "columns", "csv"};
  append(keys, sheet_set_keys());
  append(keys, sheet_layout_keys());
  append(keys, locale_keys);
  append(keys, transform_keys());
  keys.insert(keys.end(), {"password_env", "password_file"});
  return keys;
}

// The keys the top level takes besides folders: default_sheet, the settings,
// and every folder's layout and locale as default_<key>.
std::vector<std::string> top_level_setting_keys() {
  std::vector<std::string> keys = {"default_sheet"};
  append(keys, sheet_set_keys(), default_prefix);
  append(keys, sheet_layout_keys(), default_prefix);
  append(keys, locale_keys, default_prefix);
  append(keys, setting_keys);
  keys.insert(keys.end(), {"csv", "password_env", "password_file"});
  return keys;
}

std::string scalar(const YAML::Node& node, const std::string& where) {
  if (!node.IsScalar()) throw ConfigError(where + " must be a single value");
  return node.as<std::string>();
}

// A `table:` value is a table name in the run's schema (`schema:`). A dot
// would silently become '_' (public.x loads into public_x), so it is refused
// with the way to name a schema; the ledger's and the catalog's names are
// refused too.
void check_table_name(const std::string& table, const std::string& where) {
  if (table.empty()) throw ConfigError(where + " must not be empty");
  if (table.find('.') != std::string::npos) {
    throw ConfigError(where + ": '" + table +
                      "' names a schema; give the table name alone and the schema with "
                      "`schema:` in the config or --schema");
  }
  if (naming::is_reserved_table_name(naming::to_identifier(table))) {
    throw ConfigError(where + ": '" + table +
                      "' is reserved (pgdatahub's ledger is etl_imports and etl_schema_changes; "
                      "pg_* names are PostgreSQL's): choose another table name");
  }
}

// `include: "2024-*.xlsx"` or a list of such globs.
std::vector<std::string> glob_list(const YAML::Node& node, const std::string& where) {
  std::vector<std::string> globs;
  if (node.IsSequence()) {
    for (const auto& item : node) globs.push_back(scalar(item, where));
  } else {
    globs.push_back(scalar(node, where));
  }
  for (const auto& glob : globs) {
    if (glob.empty())
      throw ConfigError(where + ": a glob must not be empty (e.g. \"2024-*.xlsx\")");
  }
  return globs;
}

void parse_columns(const YAML::Node& node, const std::string& where, FolderConfig& folder) {
  if (!node.IsMap()) throw ConfigError(where + " must map headers to types, e.g. {Code: text}");
  for (const auto& entry : node) {
    const std::string header = scalar(entry.first, where);
    const std::string path = fmt::format("{}.{}", where, header);
    const std::string type_text = scalar(entry.second, path);
    auto type = types::parse_sql_type(type_text);
    if (!type) {
      throw ConfigError(fmt::format(
          "{}: unknown type '{}' (use integer, bigint, double precision, boolean, date, "
          "timestamp, time, interval or text)",
          path, type_text));
    }
    folder.column_types[header] = *type;
  }
}

void parse_csv(const YAML::Node& node, const std::string& where, FolderConfig& folder) {
  if (!node.IsMap()) throw ConfigError(where + " must be a mapping (delimiter, encoding)");
  for (const auto& entry : node) {
    const std::string key = scalar(entry.first, where);
    const std::string value = scalar(entry.second, fmt::format("{}.{}", where, key));
    if (key == "delimiter") {
      std::string delimiter = value == "\\t" || value == "tab" ? "\t" : value;
      if (delimiter.size() != 1) {
        throw ConfigError(
            fmt::format("{}.delimiter must be one character, not '{}'", where, value));
      }
      folder.csv_delimiter = delimiter[0];
    } else if (key == "encoding") {
      folder.csv_encoding = value;
    } else {
      throw ConfigError(
          fmt::format("{}: unknown key '{}' (expected delimiter or encoding)", where, key));
    }
  }
}

}  // namespace

EtlConfig EtlConfig::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read config file " + path.string() + ": check the path");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path.string(), path.parent_path());
}

EtlConfig EtlConfig::parse(const std::string& text, const std::string& origin,
                           const std::filesystem::path& base_dir) {
  YAML::Node root;
  try {
    root = YAML::Load(text);  // JSON is valid YAML, so one parser reads both
  } catch (const YAML::Exception& e) {
    throw ConfigError(origin + ": not valid YAML or JSON (line " + std::to_string(e.mark.line + 1) +
                      "): " + e.msg);
  }
  EtlConfig config;
  if (root.IsNull()) return config;
  if (!root.IsMap()) throw ConfigError(origin + ": expected a mapping of folders and settings");

  // Folder nodes: known keys are settings of the folder, any other key whose
  // value is a mapping is a subfolder.
  auto parse_folder = [&](auto&& self, const YAML::Node& node, const std::string& where,
                          Node& out) -> void {
    if (!node.IsMap()) {
      throw ConfigError(where + " must be a mapping (sheet, table, columns, csv or subfolders)");
    }
    for (const auto& entry : node) {
      const std::string key = scalar(entry.first, where);
      const std::string path = fmt::format("{}.{}", where, key);
      if (key == "sheet") {
        out.own.sheet = scalar(entry.second, path);
        out.has_sheet = true;
      } else if (key == "table") {
        out.own.table = scalar(entry.second, path);
        check_table_name(*out.own.table, path);
      } else if (key == "adopt") {
        out.own.adopt = parse_flag(scalar(entry.second, path), path);
      } else if (key == "include" || key == "exclude") {
        (key == "include" ? out.own.include : out.own.exclude) = glob_list(entry.second, path);
      } else if (key == "columns") {
        parse_columns(entry.second, path, out.own);
      } else if (key == "csv") {
        parse_csv(entry.second, path, out.own);
      } else if (parse_password_key(key, entry.second, path, out.own.passwords)) {
        out.has_passwords = true;
      } else if (out.locale.parse(key, entry.second, path) ||
                 parse_layout_key(key, entry.second, path, out.own.layout) ||
                 parse_sheet_set_key(key, entry.second, path, out.own.sheet_set) ||
                 parse_transform_key(key, entry.second, path, base_dir, out.own.transforms)) {
        // a locale, sheet layout, sheet set or transform key, stored by its parse
      } else if (entry.second.IsMap()) {
        self(self, entry.second, path, out.children[key]);
      } else {
        const auto known = folder_setting_keys();
        throw ConfigError(
            fmt::format("{}: unknown setting{} (a folder takes {}, or a subfolder mapping)", path,
                        suggest_key(key, known), fmt::join(known, ", ")));
      }
    }
    check_one_sheet_key(out.has_sheet, out.own.sheet_set, where);
  };

  for (const auto& entry : root) {
    const std::string key = scalar(entry.first, origin);
    const std::string path = fmt::format("{}: {}", origin, key);
    if (key == "default_sheet") {
      config.m_default_sheet = scalar(entry.second, path);
    } else if (key == "csv") {
      parse_csv(entry.second, path, config.m_root.own);
    } else if ((key.starts_with(default_prefix) &&
                (config.m_root.locale.parse(key.substr(default_prefix.size()), entry.second,
                                            path) ||
                 parse_layout_key(key.substr(default_prefix.size()), entry.second, path,
                                  config.m_default_layout) ||
                 parse_sheet_set_key(key.substr(default_prefix.size()), entry.second, path,
                                     config.m_default_sheet_set))) ||
               parse_password_key(key, entry.second, path, config.m_root.own.passwords)) {
      // default_decimal, default_header_row, ...: every folder's locale or sheet layout;
      // password_env / password_file for every folder
    } else if (std::find(setting_keys.begin(), setting_keys.end(), key) != setting_keys.end() &&
               !entry.second.IsMap()) {
      // A mapping of that name is a folder (a folder may be called "source").
      config.m_settings[key] = scalar(entry.second, path);
    } else if (entry.second.IsMap()) {
      parse_folder(parse_folder, entry.second, path, config.m_root.children[key]);
    } else {
      const auto known = top_level_setting_keys();
      throw ConfigError(fmt::format("{}: unknown setting{} (expected {}, or a folder mapping)",
                                    path, suggest_key(key, known), fmt::join(known, ", ")));
    }
  }
  check_one_sheet_key(config.m_default_sheet.has_value(), config.m_default_sheet_set, origin,
                      std::string(default_prefix));
  // Validate settings now so a bad value fails before any work.
  Settings probe;
  config.apply_settings(probe);
  check_locales(config.m_root, {}, origin);
  return config;
}

void EtlConfig::check_locales(const Node& node, types::TextLocale inherited,
                              const std::string& where) {
  node.locale.apply_to(inherited);
  check_locale(inherited, where);
  // Messages name folders as the other keys do: "file: sales.emea".
  const std::string prefix = where.find(": ") == std::string::npos ? where + ": " : where + ".";
  for (const auto& [name, child] : node.children) check_locales(child, inherited, prefix + name);
}

FolderConfig EtlConfig::resolve(const std::vector<std::string>& folder_parts) const {
  FolderConfig result;
  result.sheet = m_default_sheet;
  result.csv_delimiter = m_root.own.csv_delimiter;
  result.csv_encoding = m_root.own.csv_encoding;
  m_root.locale.apply_to(result.locale);
  result.passwords = m_root.own.passwords;
  result.layout = m_default_layout;
  result.sheet_set = m_default_sheet_set;
  const Node* node = &m_root;
  for (const auto& part : folder_parts) {
    auto it = node->children.find(part);
    if (it == node->children.end()) {
      node = nullptr;
      break;
    }
    node = &it->second;
    // One sheet or several: the nearer level's choice replaces the other.
    if (node->has_sheet) {
      result.sheet = node->own.sheet;
      result.sheet_set.sheets.reset();
    }
    if (node->own.sheet_set.sheets) result.sheet.reset();
    result.sheet_set.inherit(node->own.sheet_set);
    result.layout.inherit(node->own.layout);
    result.transforms.inherit(node->own.transforms);
    if (node->own.csv_delimiter != '\0') result.csv_delimiter = node->own.csv_delimiter;
    if (!node->own.csv_encoding.empty()) result.csv_encoding = node->own.csv_encoding;
    node->locale.apply_to(result.locale);
    if (node->has_passwords) result.passwords = node->own.passwords;
  }
  if (node != nullptr && node != &m_root) {
    result.table = node->own.table;
    result.adopt = node->own.adopt;
    result.include = node->own.include;
    result.exclude = node->own.exclude;
    result.column_types = node->own.column_types;
  }
  return result;
}

std::vector<std::vector<std::string>> EtlConfig::folder_keys() const {
  std::vector<std::vector<std::string>> keys;
  auto walk = [&](auto&& self, const Node& node, std::vector<std::string>& path) -> void {
    for (const auto& [name, child] : node.children) {
      path.push_back(name);
      keys.push_back(path);
      self(self, child, path);
      path.pop_back();
    }
  };
  std::vector<std::string> path;
  walk(walk, m_root, path);
  return keys;
}

void EtlConfig::apply_settings(Settings& settings) const {
  for (const auto& [key, value] : m_settings) {
    const std::string what = "config setting " + key;
    if (key == "chunk_size") settings.chunk_size = parse_count(value, what, 1);
    if (key == "pause_every") settings.pause_every = parse_count(value, what, 0);
    if (key == "pause_seconds") settings.pause_seconds = parse_count(value, what, 0);
    if (key == "sectional_commit") settings.sectional_commit = parse_flag(value, what);
    if (key == "on_change") settings.on_change = parse_on_change(value, what);
    if (key == "database_url") settings.database_url = value;
    if (key == "schema") settings.schema = parse_schema_name(value, what);
    if (key == "table_prefix") settings.table_prefix = value;
    if (key == "source") settings.source_name = value;
    if (key == "shared_table") settings.shared_table = parse_flag(value, what);
  }
}

}  // namespace pgdatahub::config
