#include <pgdatahub/config/locale_settings.hpp>
#include <pgdatahub/core/error.hpp>

#include <algorithm>
#include <stdexcept>

namespace pgdatahub::config {
namespace {

std::string single_value(const YAML::Node& node, const std::string& where) {
  if (!node.IsScalar()) throw ConfigError(where + " must be a single value");
  return node.as<std::string>();
}

// A list of words, or one word; none of them empty (an empty CSV field is
// already NULL).
std::vector<std::string> word_list(const YAML::Node& node, const std::string& where) {
  std::vector<std::string> words;
  if (node.IsScalar()) {
    words.push_back(node.as<std::string>());
  } else if (node.IsSequence()) {
    for (const auto& item : node) words.push_back(single_value(item, where));
  } else {
    throw ConfigError(where + " must be a list of words, e.g. [\"-\", \"n/a\"]");
  }
  for (const auto& word : words) {
    if (word.empty())
      throw ConfigError(where + " must not hold an empty word (empty fields are NULL already)");
  }
  return words;
}

char separator(const std::string& value, const std::string& where, bool may_be_empty) {
  if (value.empty() && may_be_empty) return '\0';
  // Digits, signs and letters would make numbers ambiguous.
  const bool usable = value.size() == 1 && (value[0] == '.' || value[0] == ',' || value[0] == ' ' ||
                                            value[0] == '\'' || value[0] == '_');
  if (!usable) {
    throw ConfigError(where + " must be one of \".\", \",\"" +
                      std::string(may_be_empty ? ", \" \", \"'\", \"_\" or \"\" (none)" : "") +
                      ", not \"" + value + "\"");
  }
  return value[0];
}

types::DateFormat date_format(const std::string& value, const std::string& where, bool with_time) {
  try {
    return types::DateFormat::parse(value, with_time);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(where + ": " + e.what());
  }
}

bool shares_a_word(const std::vector<std::string>& a, const std::vector<std::string>& b,
                   std::string& word) {
  for (const auto& candidate : a) {
    if (std::find(b.begin(), b.end(), candidate) != b.end()) {
      word = candidate;
      return true;
    }
  }
  return false;
}

}  // namespace

bool LocaleSettings::parse(const std::string& key, const YAML::Node& value,
                           const std::string& where) {
  if (key == "decimal") {
    decimal = separator(single_value(value, where), where, false);
  } else if (key == "thousands") {
    thousands = separator(single_value(value, where), where, true);
  } else if (key == "date_format") {
    date_format = config::date_format(single_value(value, where), where, false);
  } else if (key == "datetime_format") {
    datetime_format = config::date_format(single_value(value, where), where, true);
  } else if (key == "true_values") {
    true_values = word_list(value, where);
  } else if (key == "false_values") {
    false_values = word_list(value, where);
  } else if (key == "null_values") {
    null_values = word_list(value, where);
  } else {
    return false;
  }
  return true;
}

void LocaleSettings::apply_to(types::TextLocale& locale) const {
  if (decimal) locale.decimal = *decimal;
  if (thousands) locale.thousands = *thousands;
  if (date_format) locale.date_format = date_format;
  if (datetime_format) locale.datetime_format = datetime_format;
  if (true_values) locale.true_values = *true_values;
  if (false_values) locale.false_values = *false_values;
  if (null_values) locale.null_values = *null_values;
}

void check_locale(const types::TextLocale& locale, const std::string& where) {
  if (locale.decimal == locale.thousands) {
    throw ConfigError(where + ": decimal and thousands are both \"" +
                      std::string(1, locale.decimal) +
                      "\": set thousands to another character or to \"\"");
  }
  std::string word;
  if (shares_a_word(locale.true_values, locale.false_values, word)) {
    throw ConfigError(where + ": \"" + word + "\" is in both true_values and false_values");
  }
  if (shares_a_word(locale.null_values, locale.true_values, word) ||
      shares_a_word(locale.null_values, locale.false_values, word)) {
    throw ConfigError(where + ": \"" + word +
                      "\" is in null_values and in true_values or false_values");
  }
}

}  // namespace pgdatahub::config
