#include <pgdatahub/config/transform_settings.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/ledger/sha256.hpp>
#include <pgdatahub/transform/text_pattern.hpp>

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <span>
#include <sstream>

namespace pgdatahub::config {
namespace {

// "sales.rename" + "Qty" -> "sales.rename.Qty": where a key sits, for messages.
std::string key_path(std::string_view where, std::string_view key) {
  std::string path(where);
  path += '.';
  path += key;
  return path;
}

std::string text(const YAML::Node& node, const std::string& where) {
  if (!node.IsScalar()) throw ConfigError(where + " must be a single value");
  return node.as<std::string>();
}

std::string name(const YAML::Node& node, const std::string& where) {
  auto value = text(node, where);
  if (value.empty()) throw ConfigError(where + " must not be empty");
  return value;
}

std::vector<std::string> names(const YAML::Node& node, const std::string& where) {
  std::vector<std::string> out;
  if (node.IsSequence()) {
    for (const auto& item : node) out.push_back(name(item, where));
  } else {
    out.push_back(name(node, where));
  }
  if (out.empty()) throw ConfigError(where + " must name at least one column");
  return out;
}

std::vector<std::pair<std::string, std::string>> pairs(const YAML::Node& node,
                                                       const std::string& where,
                                                       const char* example) {
  if (!node.IsMap()) throw ConfigError(where + " must be a mapping, e.g. " + example);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& entry : node) {
    const auto key = name(entry.first, where);
    out.emplace_back(key, text(entry.second, key_path(where, key)));
  }
  return out;
}

void parse_add(const YAML::Node& node, const std::string& where, TransformSettings& settings) {
  if (!node.IsMap()) {
    throw ConfigError(where +
                      " must be a mapping of file_pattern and constants, e.g. "
                      "{file_pattern: \"(?<year>\\\\d{4})\", constants: {source: erp}}");
  }
  for (const auto& entry : node) {
    const auto key = text(entry.first, where);
    const auto path = key_path(where, key);
    if (key == "file_pattern") {
      const auto pattern = name(entry.second, path);
      if (transform::TextPattern(pattern, path).group_names().empty()) {
        throw ConfigError(fmt::format(
            "{}: '{}' has no named group; name each value's column, e.g. (?<year>\\d{{4}})", path,
            pattern));
      }
      settings.file_pattern = pattern;
    } else if (key == "constants") {
      settings.constants = pairs(entry.second, path, "{source: erp}");
    } else {
      throw ConfigError(path + ": unknown key (add takes file_pattern and constants)");
    }
  }
}

RowFilter parse_filter_entry(const std::string& column, const YAML::Node& node,
                             const std::string& where) {
  RowFilter filter{column, {}, std::nullopt};
  if (node.IsMap()) {
    for (const auto& entry : node) {
      const auto key = text(entry.first, where);
      if (key != "pattern") {
        throw ConfigError(key_path(where, key) +
                          ": unknown key (a filter is a value, a list of "
                          "values, or {pattern: REGEX})");
      }
      filter.pattern = name(entry.second, where + ".pattern");
      transform::TextPattern(*filter.pattern, where + ".pattern");
    }
    if (!filter.pattern) throw ConfigError(where + " must give a pattern: {pattern: REGEX}");
  } else if (node.IsSequence()) {
    for (const auto& item : node) filter.values.push_back(text(item, where));
    if (filter.values.empty()) throw ConfigError(where + " must list at least one value");
  } else {
    filter.values.push_back(text(node, where));
  }
  return filter;
}

ColumnSplit parse_split_entry(const std::string& column, const YAML::Node& node,
                              const std::string& where) {
  ColumnSplit split{column, {}, {}};
  if (!node.IsMap()) {
    throw ConfigError(where +
                      " must be a mapping, e.g. {separator: \" / \", into: [city, country]}");
  }
  for (const auto& entry : node) {
    const auto key = text(entry.first, where);
    if (key == "separator") {
      split.separator = name(entry.second, where + ".separator");
    } else if (key == "into") {
      split.into = names(entry.second, where + ".into");
    } else {
      throw ConfigError(key_path(where, key) + ": unknown key (split takes separator and into)");
    }
  }
  if (split.separator.empty() || split.into.size() < 2) {
    throw ConfigError(where + " must give a separator and at least two columns in `into`");
  }
  return split;
}

TransformScript read_script(const std::string& written, const std::filesystem::path& base_dir,
                            const std::string& where) {
  const std::filesystem::path path = std::filesystem::path(written).is_absolute()
                                         ? std::filesystem::path(written)
                                         : base_dir / written;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError(where + ": cannot read the script " + path.string() +
                      " (a relative path is taken from the config file's folder)");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  TransformScript script{written, std::make_shared<const std::string>(buffer.str()), {}};
  ledger::Sha256 hash;
  hash.update(std::as_bytes(std::span(script.source->data(), script.source->size())));
  script.sha256 = hash.hex_digest();
  return script;
}

template <typename T>
void override(std::optional<T>& outer, const std::optional<T>& inner) {
  if (inner) outer = inner;
}

std::string join_pairs(const std::vector<std::pair<std::string, std::string>>& items,
                       const char* separator) {
  std::string out;
  for (const auto& [key, value] : items) {
    if (!out.empty()) out += ',';
    out.append(key).append(separator).append(value);
  }
  return out;
}

}  // namespace

void TransformSettings::inherit(const TransformSettings& inner) {
  override(rename, inner.rename);
  override(drop, inner.drop);
  override(file_pattern, inner.file_pattern);
  override(constants, inner.constants);
  override(filter, inner.filter);
  override(split, inner.split);
  override(script, inner.script);
}

std::vector<std::pair<std::string, std::string>> TransformSettings::describe() const {
  std::vector<std::pair<std::string, std::string>> out;
  if (rename) out.emplace_back("rename", join_pairs(*rename, ">"));
  if (drop) {
    std::string columns;
    for (const auto& column : *drop) columns += (columns.empty() ? "" : ",") + column;
    out.emplace_back("drop", columns);
  }
  if (file_pattern) out.emplace_back("add.file_pattern", *file_pattern);
  if (constants) out.emplace_back("add.constants", join_pairs(*constants, ":"));
  if (filter) {
    std::string rules;
    for (const auto& rule : *filter) {
      std::string values;
      for (const auto& value : rule.values) values += (values.empty() ? "" : "|") + value;
      rules += (rules.empty() ? "" : ",") + rule.column +
               (rule.pattern ? "~" + *rule.pattern : "=" + values);
    }
    out.emplace_back("filter", rules);
  }
  if (split) {
    std::string rules;
    for (const auto& rule : *split) {
      std::string into;
      for (const auto& column : rule.into) into += (into.empty() ? "" : "+") + column;
      rules += (rules.empty() ? "" : ",") + rule.column + "/" + rule.separator + "/" + into;
    }
    out.emplace_back("split", rules);
  }
  return out;
}

std::span<const std::string_view> transform_keys() {
  static constexpr std::array<std::string_view, 6> keys = {"rename", "drop",  "add",
                                                           "filter", "split", "transform"};
  return keys;
}

bool parse_transform_key(const std::string& key, const YAML::Node& value, const std::string& where,
                         const std::filesystem::path& base_dir, TransformSettings& settings) {
  if (key == "rename") {
    settings.rename = pairs(value, where, "{Qty: quantity}");
    for (const auto& [from, to] : *settings.rename) {
      if (to.empty()) throw ConfigError(key_path(where, from) + " must give the new name");
    }
  } else if (key == "drop") {
    settings.drop = names(value, where);
  } else if (key == "add") {
    parse_add(value, where, settings);
  } else if (key == "filter") {
    if (!value.IsMap()) {
      throw ConfigError(where +
                        " must map columns to a value, a list of values or "
                        "{pattern: REGEX}, e.g. {site: Berlin}");
    }
    settings.filter.emplace();
    for (const auto& entry : value) {
      const auto column = name(entry.first, where);
      settings.filter->push_back(parse_filter_entry(column, entry.second, key_path(where, column)));
    }
  } else if (key == "split") {
    if (!value.IsMap()) {
      throw ConfigError(where +
                        " must map columns to {separator, into}, e.g. "
                        "{location: {separator: \" / \", into: [city, country]}}");
    }
    settings.split.emplace();
    for (const auto& entry : value) {
      const auto column = name(entry.first, where);
      settings.split->push_back(parse_split_entry(column, entry.second, key_path(where, column)));
    }
  } else if (key == "transform") {
    settings.script = read_script(name(value, where), base_dir, where);
  } else {
    return false;
  }
  return true;
}

}  // namespace pgdatahub::config
