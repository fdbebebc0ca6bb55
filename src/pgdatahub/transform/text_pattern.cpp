#define PCRE2_CODE_UNIT_WIDTH 8
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/transform/text_pattern.hpp>

#include <pcre2.h>

#include <algorithm>
#include <cstdint>

namespace pgdatahub::transform {

struct TextPattern::Compiled {
  pcre2_code* code = nullptr;
  pcre2_match_data* match = nullptr;
  Compiled() = default;
  Compiled(const Compiled&) = delete;
  Compiled& operator=(const Compiled&) = delete;
  Compiled(Compiled&&) = delete;
  Compiled& operator=(Compiled&&) = delete;
  ~Compiled() {
    pcre2_match_data_free(match);
    pcre2_code_free(code);
  }
};

TextPattern::TextPattern(const std::string& pattern, const std::string& where)
    : m_compiled(std::make_unique<Compiled>()) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  m_compiled->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   PCRE2_UTF, &error, &offset, nullptr);
  if (m_compiled->code == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    throw ConfigError(where + ": invalid pattern '" + pattern +
                      "': " + reinterpret_cast<const char*>(message) + " at offset " +
                      std::to_string(offset));
  }
  // JIT where the platform has it: a filter runs once per row.
  pcre2_jit_compile(m_compiled->code, PCRE2_JIT_COMPLETE);
  m_compiled->match = pcre2_match_data_create_from_pattern(m_compiled->code, nullptr);

  std::uint32_t count = 0;
  std::uint32_t entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(m_compiled->code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(m_compiled->code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(m_compiled->code, PCRE2_INFO_NAMETABLE, &table);
  // The name table is sorted by name; users expect the pattern's order.
  std::vector<std::pair<int, std::string>> numbered;
  for (std::uint32_t i = 0; i < count; ++i) {
    const PCRE2_SPTR entry = table + static_cast<std::size_t>(i) * entry_size;
    const int number = (entry[0] << 8) | entry[1];
    numbered.emplace_back(number, reinterpret_cast<const char*>(entry + 2));
  }
  std::sort(numbered.begin(), numbered.end());
  for (auto& [number, name] : numbered) m_names.push_back(std::move(name));
}

TextPattern::~TextPattern() = default;
TextPattern::TextPattern(TextPattern&&) noexcept = default;
TextPattern& TextPattern::operator=(TextPattern&&) noexcept = default;

bool TextPattern::found_in(std::string_view text) const {
  return pcre2_match(m_compiled->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, 0,
                     m_compiled->match, nullptr) >= 0;
}

std::vector<std::pair<std::string, std::string>> TextPattern::named_groups(
    std::string_view text) const {
  std::vector<std::pair<std::string, std::string>> groups;
  if (!found_in(text)) return groups;
  for (const auto& name : m_names) {
    const int number = pcre2_substring_number_from_name(m_compiled->code,
                                                        reinterpret_cast<PCRE2_SPTR>(name.c_str()));
    PCRE2_SIZE length = 0;
    std::string value;
    if (pcre2_substring_length_bynumber(m_compiled->match, static_cast<std::uint32_t>(number),
                                        &length) == 0) {
      const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(m_compiled->match);
      value.assign(text.substr(
          ovector[static_cast<std::size_t>(2) * static_cast<std::size_t>(number)], length));
    }
    groups.emplace_back(name, std::move(value));
  }
  return groups;
}

}  // namespace pgdatahub::transform
