#include <pgdatahub/naming/identifier.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace pgdatahub::naming {
namespace {

bool is_valid_identifier(const std::string& name) {
  if (name.empty() || name.size() > max_identifier_bytes) return false;
  if (name.front() >= '0' && name.front() <= '9') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Headers drawn from what spreadsheets hold: ASCII, accented Latin, other
// scripts, emoji, control and invalid bytes, very long and duplicated text.
rc::Gen<std::string> header() {
  const std::vector<std::string> pieces = {
      "a", "Z", "0", "9",  " ", "_",    "-",    "(",  "Order",    "ID",  "source_file",
      "ü", "ß", "Ø", "東", "😀", "\xff", "\xc3", "\t", "column_1", "名前"};
  return rc::gen::oneOf(
      rc::gen::string<std::string>(),
      rc::gen::map(rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(pieces)),
                   [](const std::vector<std::string>& parts) {
                     std::string text;
                     for (const auto& part : parts) text += part;
                     return text;
                   }),
      rc::gen::map(rc::gen::inRange<std::size_t>(55, 200),
                   [](std::size_t length) { return std::string(length, 'q'); }));
}

const std::vector<std::string> metadata = {"source_file", "load_timestamp", "etl_import_id",
                                           "source_row"};

RC_GTEST_PROP(ColumnNamesProperty, AreValidDistinctAndDeterministic, ()) {
  const auto headers = *rc::gen::container<std::vector<std::string>>(header());
  const auto names = column_names(headers, metadata);
  RC_ASSERT(names.size() == headers.size());
  std::set<std::string> seen(metadata.begin(), metadata.end());
  for (const auto& name : names) {
    RC_ASSERT(is_valid_identifier(name));
    RC_ASSERT(seen.insert(name).second);
  }
  RC_ASSERT(column_names(headers, metadata) == names);
}

RC_GTEST_PROP(ColumnNamesProperty, ManyCopiesOfOneHeaderStayDistinct, ()) {
  const auto text = *header();
  const auto copies = *rc::gen::inRange<std::size_t>(1, 40);
  const auto names = column_names(std::vector<std::string>(copies, text), metadata);
  RC_ASSERT(std::set<std::string>(names.begin(), names.end()).size() == copies);
  for (const auto& name : names) RC_ASSERT(is_valid_identifier(name));
}

RC_GTEST_PROP(ToIdentifierProperty, IsEmptyOrValidAndIdempotent, ()) {
  const auto text = *header();
  const auto name = to_identifier(text);
  if (name.empty()) {
    RC_ASSERT(clean_text(text).empty());
    return;
  }
  RC_ASSERT(is_valid_identifier(name));
  RC_ASSERT(to_identifier(name) == name);
}

RC_GTEST_PROP(CleanTextProperty, HasNoEdgeOrDoubleUnderscores, ()) {
  const auto cleaned = clean_text(*header());
  if (cleaned.empty()) return;
  RC_ASSERT(cleaned.front() != '_');
  RC_ASSERT(cleaned.back() != '_');
  RC_ASSERT(cleaned.find("__") == std::string::npos);
  RC_ASSERT(clean_text(cleaned) == cleaned);
}

RC_GTEST_PROP(TableNameProperty, IsAlwaysValid, ()) {
  const auto parts = *rc::gen::container<std::vector<std::string>>(header());
  RC_ASSERT(is_valid_identifier(table_name(parts, *header())));
}

}  // namespace
}  // namespace pgdatahub::naming
