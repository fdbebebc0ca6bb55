#pragma once
// A folder's transformations (docs/transforms.md): declarative keys for the
// common cases and a Lua script for the rest. Per folder, inherited by
// subfolders key by key, like the sheet layout.
//
//   sales:
//     rename: {Qty: quantity}                 # old header -> new name
//     drop: [Internal Notes]                  # headers left out
//     add:
//       file_pattern: "(?<year>\\d{4})-(?<month>\\d{2})"  # named groups of the file's path
//       constants: {source: erp}
//     filter: {site: Berlin, sku: {pattern: "^A-"}, region: [EU, DE]}
//     split: {location: {separator: " / ", into: [city, country]}}
//     transform: transforms/sales.lua         # relative to the config file
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pgdatahub::config {

// Keep rows whose `column` equals one of `values` (as its text reads) or
// matches `pattern` (PCRE2, searched anywhere in the text).
struct RowFilter {
  std::string column;
  std::vector<std::string> values;
  std::optional<std::string> pattern;
};

// One column split on `separator` into the columns `into`; missing parts are
// empty, a last part keeps the rest of the text.
struct ColumnSplit {
  std::string column;
  std::string separator;
  std::vector<std::string> into;
};

struct TransformScript {
  std::string path;  // as written in the config, for messages and the ledger
  // The script's text, read once when the config is loaded; shared, since
  // every file job of the folder carries its config.
  std::shared_ptr<const std::string> source;
  std::string sha256;  // of `source`: the script's identity in the read fingerprint
};

struct TransformSettings {
  std::optional<std::vector<std::pair<std::string, std::string>>> rename;
  std::optional<std::vector<std::string>> drop;
  std::optional<std::string> file_pattern;
  std::optional<std::vector<std::pair<std::string, std::string>>> constants;
  std::optional<std::vector<RowFilter>> filter;
  std::optional<std::vector<ColumnSplit>> split;
  std::optional<TransformScript> script;

  // Set keys of `inner` override this one's (a subfolder over its parent).
  void inherit(const TransformSettings& inner);
  bool empty() const {
    return !rename && !drop && !file_pattern && !constants && !filter && !split && !script;
  }
  // The declarative settings as one line per key ("rename=Qty>quantity"),
  // for the read fingerprint and `history`; the script is described apart.
  std::vector<std::pair<std::string, std::string>> describe() const;
};

// The transform keys a folder takes, for key suggestions and messages.
std::span<const std::string_view> transform_keys();

// Parses `key` into `settings` if it is a transform key (false otherwise).
// A script path is relative to `base_dir` (the config file's folder); the
// script is read now, so a run uses one version of it throughout. Throws
// ConfigError naming `where` for a malformed value, an invalid pattern or an
// unreadable script.
bool parse_transform_key(const std::string& key, const YAML::Node& value, const std::string& where,
                         const std::filesystem::path& base_dir, TransformSettings& settings);

}  // namespace pgdatahub::config
