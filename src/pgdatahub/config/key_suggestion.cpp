#include <pgdatahub/config/key_suggestion.hpp>

#include <algorithm>
#include <cctype>

namespace pgdatahub::config {
namespace {

std::string lowercase(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Levenshtein distance, on the short strings config keys are.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string suggest_key(const std::string& unknown, const std::vector<std::string>& known) {
  const std::string key = lowercase(unknown);
  // CSV options live under one `csv` mapping; a flat csv_<option> is the usual slip.
  for (const char* option : {"delimiter", "encoding"}) {
    if (key == std::string("csv_") + option || key == std::string("csv.") + option)
      return std::string(" (did you mean csv: {") + option + ": ...}?)";
  }
  // More than two edits is another word.
  const auto best = nearest_name(key, known, 2);
  return best ? " (did you mean " + *best + "?)" : "";
}

std::optional<std::string> nearest_name(const std::string& unknown,
                                        const std::vector<std::string>& candidates,
                                        std::size_t max_edits) {
  const std::string name = lowercase(unknown);
  std::optional<std::string> best;
  std::size_t best_distance = max_edits + 1;
  for (const auto& candidate : candidates) {
    const auto distance = edit_distance(name, lowercase(candidate));
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace pgdatahub::config
