#include <pgdatahub/core/fnv1a.hpp>
#include <pgdatahub/naming/ascii_fold.hpp>
#include <pgdatahub/naming/identifier.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_set>

namespace pgdatahub::naming {
namespace {

// A long name keeps this many bytes, then "_" and 8 hex digits of its hash.
constexpr std::size_t hashed_prefix_bytes = max_identifier_bytes - 9;
constexpr std::size_t hash_digits = 8;

bool is_alphanumeric(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

void trim_trailing_underscores(std::string& name) {
  while (!name.empty() && name.back() == '_') name.pop_back();
}

// Appends folded letters, turning a pending separator into one '_'.
class NameBuilder {
 public:
  void letters(std::string_view ascii) {
    if (m_pending_separator && !m_name.empty()) m_name += '_';
    m_pending_separator = false;
    m_name.append(ascii);
  }
  void separator() { m_pending_separator = true; }
  std::string take() { return std::move(m_name); }

 private:
  std::string m_name;
  bool m_pending_separator = false;
};

// Makes a cleaned name a valid identifier; `original` seeds the hash of names
// that must be cut.
std::string finish_identifier(std::string name, std::string_view original) {
  if (name.empty()) return name;
  if (name.front() >= '0' && name.front() <= '9') name.insert(name.begin(), '_');
  if (name.size() <= max_identifier_bytes) return name;
  name.resize(hashed_prefix_bytes);
  trim_trailing_underscores(name);
  name += '_';
  name += fnv1a_hex(original, hash_digits);
  return name;
}

// `base` with "_<n>", the base shortened so the result stays within 63 bytes.
std::string with_suffix(const std::string& base, std::size_t n) {
  const std::string suffix = "_" + std::to_string(n);
  std::string name = base.substr(0, max_identifier_bytes - suffix.size());
  trim_trailing_underscores(name);
  return name + suffix;
}

}  // namespace

std::string clean_text(std::string_view text) {
  NameBuilder builder;
  while (!text.empty()) {
    const char32_t code_point = take_code_point(text);
    if (code_point == invalid_code_point) continue;
    if (code_point < 0x80) {
      auto c = static_cast<char>(code_point);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (is_alphanumeric(c)) {
        builder.letters(std::string_view(&c, 1));
      } else {
        builder.separator();
      }
      continue;
    }
    const Folding folding = fold_code_point(code_point);
    switch (folding.kind) {
      case Folding::Kind::Letters:
        builder.letters(folding.ascii);
        break;
      case Folding::Kind::Separator:
        builder.separator();
        break;
      case Folding::Kind::Dropped:
        break;
    }
  }
  return builder.take();
}

std::string to_identifier(std::string_view text) {
  return finish_identifier(clean_text(text), text);
}

std::vector<std::string> column_names(const std::vector<std::string>& headers,
                                      const std::vector<std::string>& reserved) {
  std::unordered_set<std::string> taken(reserved.begin(), reserved.end());
  std::vector<std::string> names;
  names.reserve(headers.size());
  for (std::size_t i = 0; i < headers.size(); ++i) {
    std::string base = to_identifier(headers[i]);
    if (base.empty()) base = "column_" + std::to_string(i + 1);
    std::string name = base;
    for (std::size_t n = 2; taken.contains(name); ++n) name = with_suffix(base, n);
    taken.insert(name);
    names.push_back(std::move(name));
  }
  return names;
}

std::string table_name(const std::vector<std::string>& path_parts, std::string_view fallback) {
  std::string joined;
  std::string original;
  for (const std::string& part : path_parts) {
    const std::string cleaned = clean_text(part);
    if (!original.empty()) original += '/';
    original += part;
    if (cleaned.empty()) continue;
    if (!joined.empty()) joined += '_';
    joined += cleaned;
  }
  std::string name = finish_identifier(std::move(joined), original);
  if (name.empty()) name = to_identifier(fallback);
  if (name.empty()) name = "data";
  if (is_reserved_table_name(name)) name = to_identifier("data_" + name);
  return name;
}

bool is_reserved_table_name(std::string_view name) {
  return name == "etl_imports" || name == "etl_schema_changes" || name == "etl_runs" ||
         name == "etl_run_files" || name.starts_with("pg_");
}

bool is_reserved_schema_name(std::string_view name) {
  return name.starts_with("pg_") || name == "information_schema";
}

std::string prefixed_table_name(std::string_view prefix, const std::string& table) {
  if (prefix.empty()) return table;
  std::string name = to_identifier(std::string(prefix) + table);
  if (is_reserved_table_name(name)) name = to_identifier("data_" + name);
  return name;
}

}  // namespace pgdatahub::naming
