#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/report/html_text.hpp>
#include <pgdatahub/report/rows_chart.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace pgdatahub::report {
namespace {

bool digit_at(std::string_view s, std::size_t i) {
  return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) != 0;
}

// Two digits at `i` within [low, high]; -1 otherwise.
int two_digits(std::string_view s, std::size_t i, int low, int high) {
  if (!digit_at(s, i) || !digit_at(s, i + 1)) return -1;
  const int value = (s[i] - '0') * 10 + (s[i + 1] - '0');
  return value >= low && value <= high ? value : -1;
}

bool separator_at(std::string_view s, std::size_t i) {
  return i < s.size() && (s[i] == '-' || s[i] == '_' || s[i] == '.');
}

// A date starting exactly at `i`, not glued to more digits on either side.
std::optional<std::string> date_at(std::string_view name, std::size_t i) {
  if (i > 0 && digit_at(name, i - 1)) return std::nullopt;
  if (name.substr(i, 2) != "19" && name.substr(i, 2) != "20") return std::nullopt;
  if (!digit_at(name, i + 2) || !digit_at(name, i + 3)) return std::nullopt;
  const std::string year(name.substr(i, 4));
  std::size_t at = i + 4;
  const bool separated = separator_at(name, at);
  if (separated) ++at;
  const int month = two_digits(name, at, 1, 12);
  if (month < 0) return std::nullopt;
  at += 2;
  std::size_t day_at = at;
  if (separated) {
    if (!separator_at(name, day_at))
      day_at = std::string_view::npos;
    else
      ++day_at;
  }
  if (day_at != std::string_view::npos) {
    const int day = two_digits(name, day_at, 1, 31);
    if (day > 0 && !digit_at(name, day_at + 2)) {
      return fmt::format("{}-{:02}-{:02}", year, month, day);
    }
  }
  if (digit_at(name, at)) return std::nullopt;
  return fmt::format("{}-{:02}", year, month);
}

constexpr std::size_t titled_bars = 1000;

std::int64_t median_rows(std::vector<std::int64_t> rows) {
  const auto middle = rows.begin() + static_cast<std::ptrdiff_t>(rows.size() / 2);
  std::nth_element(rows.begin(), middle, rows.end());
  return *middle;
}

}  // namespace

std::optional<std::string> date_in_name(std::string_view file) {
  const auto slash = file.find_last_of('/');
  const std::string_view name = slash == std::string_view::npos ? file : file.substr(slash + 1);
  for (std::size_t i = 0; i + 6 <= name.size(); ++i) {
    if (auto date = date_at(name, i)) return date;
  }
  return std::nullopt;
}

std::vector<FilePoint> file_points(const std::vector<ledger::ImportRecord>& loaded) {
  std::vector<FilePoint> points;
  std::vector<std::int64_t> rows;
  for (const auto& import : loaded) {
    if (import.status != ledger::status_loaded) continue;
    points.push_back(
        {import.file, date_in_name(import.file).value_or(import.imported_at), import.rows, false});
    rows.push_back(import.rows);
  }
  std::stable_sort(points.begin(), points.end(),
                   [](const auto& a, const auto& b) { return a.date < b.date; });
  if (points.size() >= 3) {
    const std::int64_t median = median_rows(std::move(rows));
    for (auto& point : points) point.outlier = point.rows * 3 < median || point.rows > median * 3;
  }
  return points;
}

std::string rows_chart_svg(const std::vector<FilePoint>& points) {
  constexpr double width = 720, height = 200, left = 64, bottom = 36, top = 12;
  if (points.empty()) return "<p class=\"muted\">No loaded files.</p>";
  std::int64_t most = 1;
  for (const auto& p : points) most = std::max(most, p.rows);
  const double plot_w = width - left - 8, plot_h = height - bottom - top;
  const double slot = plot_w / static_cast<double>(points.size());
  const double bar = std::max(slot * 0.8, 0.5);
  std::string svg = fmt::format(
      "<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"rows per file, "
      "{} files\">",
      width, height, points.size());
  svg += fmt::format(
      "<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>"
      "<text class=\"tick\" x=\"{3}\" y=\"{4}\" text-anchor=\"end\">{5}</text>"
      "<text class=\"tick\" x=\"{3}\" y=\"{1}\" text-anchor=\"end\">0</text>",
      left, top + plot_h, width - 8, left - 4, top + 10, grouped(most));
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    const double h = plot_h * static_cast<double>(p.rows) / static_cast<double>(most);
    const double x = left + slot * static_cast<double>(i) + (slot - bar) / 2;
    svg += fmt::format(
        "<rect class=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\">",
        p.outlier ? "bar outlier" : "bar", x, top + plot_h - h, bar, std::max(h, 1.0));
    // Thousands of named bars would make the page heavy; outliers keep theirs.
    if (points.size() <= titled_bars || p.outlier) {
      svg += fmt::format("<title>{}: {} rows ({}){}</title>", escape(p.file), grouped(p.rows),
                         escape(p.date), p.outlier ? ", far from its siblings" : "");
    }
    svg += "</rect>";
    if (p.outlier) {
      svg += fmt::format(
          "<text class=\"mark\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">!</text>",
          x + bar / 2, top + plot_h - h - 2);
    }
  }
  svg += fmt::format(
      "<text class=\"tick\" x=\"{}\" y=\"{}\">{}</text>"
      "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text></svg>",
      left, height - bottom + 16, escape(points.front().date), width - 8, height - bottom + 16,
      escape(points.back().date));
  return svg;
}

}  // namespace pgdatahub::report
