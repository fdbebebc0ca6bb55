#pragma once
// A regular expression as users write them (PCRE2: `\d`, `(?<year>...)`),
// compiled once and matched against a cell's text or a file's path. std::regex
// has no named groups and is slow per row, hence PCRE2.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pgdatahub::transform {

class TextPattern {
 public:
  // Throws ConfigError "`where`: invalid pattern ... at offset N".
  TextPattern(const std::string& pattern, const std::string& where);
  ~TextPattern();
  TextPattern(TextPattern&&) noexcept;
  TextPattern& operator=(TextPattern&&) noexcept;
  TextPattern(const TextPattern&) = delete;
  TextPattern& operator=(const TextPattern&) = delete;

  // Searched anywhere in `text` (anchor with ^ and $ to match it whole).
  bool found_in(std::string_view text) const;
  // The named groups' values of the first match, in the pattern's order;
  // empty when there is no match. A group that took no part gives "".
  std::vector<std::pair<std::string, std::string>> named_groups(std::string_view text) const;
  // The names of the pattern's named groups, in order.
  const std::vector<std::string>& group_names() const { return m_names; }

 private:
  struct Compiled;
  std::unique_ptr<Compiled> m_compiled;
  std::vector<std::string> m_names;
};

}  // namespace pgdatahub::transform
