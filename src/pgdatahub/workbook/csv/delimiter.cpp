#include <pgdatahub/workbook/csv/csv_workbook.hpp>

#include <array>
#include <cstddef>
#include <vector>

namespace pgdatahub::workbook::csv {

namespace {

constexpr std::array<char, 4> candidates = {',', ';', '\t', '|'};
constexpr std::size_t sample_lines = 50;

}  // namespace

char detect_delimiter(std::string_view text, bool text_is_complete) noexcept {
  // Per line, the count of each candidate outside quotes.
  std::vector<std::array<std::size_t, candidates.size()>> lines;
  std::array<std::size_t, candidates.size()> counts{};
  bool in_quotes = false;
  bool line_has_content = false;
  for (std::size_t i = 0; i < text.size() && lines.size() < sample_lines; ++i) {
    const char c = text[i];
    if (c == '"') {
      in_quotes = !in_quotes;
      line_has_content = true;
    } else if (!in_quotes && (c == '\n' || c == '\r')) {
      if (line_has_content) lines.push_back(counts);
      counts = {};
      line_has_content = false;
    } else if (!in_quotes) {
      line_has_content = true;
      for (std::size_t k = 0; k < candidates.size(); ++k) {
        if (c == candidates[k]) ++counts[k];
      }
    }
  }
  if (line_has_content && text_is_complete && !in_quotes) lines.push_back(counts);
  if (lines.empty()) return ',';

  char best = ',';
  std::size_t best_lines = 0;  // lines agreeing with the first line's count
  std::size_t best_count = 0;
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    const std::size_t first = lines.front()[k];
    if (first == 0) continue;
    std::size_t agreeing = 0;
    for (const auto& line : lines) {
      if (line[k] == first) ++agreeing;
    }
    if (agreeing > best_lines || (agreeing == best_lines && first > best_count)) {
      best = candidates[k];
      best_lines = agreeing;
      best_count = first;
    }
  }
  return best;
}

}  // namespace pgdatahub::workbook::csv
