#pragma once
// The locale keys of a folder in the config file (decimal, thousands,
// date_format, datetime_format, true_values, false_values, null_values; at
// the top as default_decimal, ...). Each is inherited by subfolders until one
// sets it again; every value is checked when the file is read.
#include <pgdatahub/types/text_locale.hpp>

#include <yaml-cpp/yaml.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgdatahub::config {

// What one config node says; unset keys inherit.
struct LocaleSettings {
  std::optional<char> decimal;
  std::optional<char> thousands;  // '\0' when set to "" (no grouping)
  std::optional<types::DateFormat> date_format;
  std::optional<types::DateFormat> datetime_format;
  std::optional<std::vector<std::string>> true_values;
  std::optional<std::vector<std::string>> false_values;
  std::optional<std::vector<std::string>> null_values;

  // Reads `key` if it is a locale key (returns false otherwise). Throws
  // ConfigError naming `where` and what is accepted.
  bool parse(const std::string& key, const YAML::Node& value, const std::string& where);
  // Overlays what this node sets onto an inherited locale.
  void apply_to(types::TextLocale& locale) const;
};

// Throws ConfigError, naming `where`, when keys set at different levels make
// an unreadable combination (the same character as decimal and thousands,
// a value that is both true and null, ...).
void check_locale(const types::TextLocale& locale, const std::string& where);

// The keys parse() accepts, for key suggestions and messages.
inline constexpr std::array<std::string_view, 7> locale_keys = {
    "decimal",     "thousands",    "date_format", "datetime_format",
    "true_values", "false_values", "null_values"};

}  // namespace pgdatahub::config
