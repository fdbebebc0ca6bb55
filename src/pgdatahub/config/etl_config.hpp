#pragma once
// config/etl_config.yaml (or JSON): the default sheet, per-folder sheet,
// table and column types, nested folders by nested keys, and settings.
//
//   default_sheet: Sheet1        # optional; else the first visible worksheet
//   chunk_size: 1000             # optional settings (environment and flags win)
//   schema: staging              # the data tables' schema; table_prefix: before every table name
//   sales:                       # the folder DATA_DIR/sales
//     sheet: Data
//     table: sales_orders
//     adopt: true                # write into an existing table pgdatahub did not create
//     columns: {Product Code: text, Qty: bigint}
//     csv: {delimiter: ";", encoding: windows-1252}
//     decimal: ","               # locale keys: see locale_settings.hpp
//     password_env: SALES_PW     # password-protected workbooks (password_sources.hpp)
//     emea:                      # the folder DATA_DIR/sales/emea
//       sheet: Export
//   hr:
//     header_row: 4              # and skip_rows, skip_footer, range (sheet_layout.hpp)
//   regions:
//     sheets: all                # several sheets (sheet_set.hpp)
//     rename: {Qty: quantity}    # and drop, add, filter, split, transform (transform_settings.hpp)
#include <pgdatahub/config/locale_settings.hpp>
#include <pgdatahub/config/password_sources.hpp>
#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/config/sheet_layout.hpp>
#include <pgdatahub/config/sheet_set.hpp>
#include <pgdatahub/config/transform_settings.hpp>
#include <pgdatahub/types/pg_type.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::config {

// What the configuration says about one folder, inheritance applied.
struct FolderConfig {
  std::optional<std::string> sheet;  // folder `sheet`, inherited by subfolders, else default_sheet
  std::optional<std::string> table;  // `table` override (not inherited)
  // `adopt: true` (not inherited): a table of that name that pgdatahub did
  // not create is taken over (its metadata columns added) rather than refused.
  bool adopt = false;
  // `include` / `exclude` (not inherited): globs over the folder's file names.
  std::vector<std::string> include{};
  std::vector<std::string> exclude{};
  // `columns`: header (as written, or its cleaned column name) -> type.
  std::map<std::string, types::PgType> column_types;
  char csv_delimiter = '\0';
  std::string csv_encoding;
  types::TextLocale locale;   // decimal, date_format, ...: inherited key by key
  PasswordSources passwords;  // password_env / password_file, inherited by subfolders
  SheetLayout layout;         // header_row, skip_rows, skip_footer, range: inherited key by key
  // sheets, table_per_sheet, include_hidden_sheets: key by key; a level's
  // `sheets` replaces an inherited `sheet`, and its `sheet` an inherited `sheets`.
  SheetSetSettings sheet_set;
  TransformSettings transforms;  // rename, drop, add, filter, split, transform: key by key
};

class EtlConfig {
 public:
  // No file: every folder uses the defaults.
  EtlConfig() = default;

  // Parses YAML or JSON. Throws ConfigError with the file name, the key and
  // what is accepted, for any malformed or unknown entry.
  static EtlConfig load(const std::filesystem::path& path);
  // `base_dir`: where relative paths in it (transform scripts) start.
  static EtlConfig parse(const std::string& text, const std::string& origin,
                         const std::filesystem::path& base_dir = {});

  // `folder_parts`: the folder's path relative to DATA_DIR, one entry per level.
  FolderConfig resolve(const std::vector<std::string>& folder_parts) const;

  // Overlays settings given in the file (chunk_size, pause_every, ...).
  void apply_settings(Settings& settings) const;

  // Every folder key, as its path of folder names from DATA_DIR, parents
  // before their subfolders.
  std::vector<std::vector<std::string>> folder_keys() const;

 private:
  struct Node;
  static void check_locales(const Node& node, types::TextLocale inherited,
                            const std::string& where);

  struct Node {
    FolderConfig own;
    bool has_sheet = false;
    LocaleSettings locale;
    bool has_passwords = false;
    std::map<std::string, Node> children;
  };
  std::optional<std::string> m_default_sheet;
  SheetSetSettings m_default_sheet_set;  // default_sheets, ...
  SheetLayout m_default_layout;          // default_header_row, default_range, ...
  Node m_root;                           // its locale holds the default_ keys
  std::map<std::string, std::string> m_settings;
};

}  // namespace pgdatahub::config
