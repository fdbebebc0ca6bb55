#include <pgdatahub/orchestrator/sheet_header.hpp>
#include <pgdatahub/orchestrator/sheet_selection.hpp>

#include <algorithm>
#include <deque>
#include <map>

namespace pgdatahub::orchestrator {
namespace {

bool holds_value(const workbook::Cell& cell) {
  if (cell.kind == workbook::CellKind::Empty) return false;
  if (cell.kind != workbook::CellKind::Text) return true;
  return std::any_of(cell.text.begin(), cell.text.end(),
                     [](char c) { return c != ' ' && c != '\t' && c != '\n' && c != '\r'; });
}

std::size_t value_count(const OwnedRow& row) {
  return static_cast<std::size_t>(std::count_if(row.cells.begin(), row.cells.end(), holds_value));
}

bool all_text(const OwnedRow& row) {
  return std::all_of(row.cells.begin(), row.cells.end(), [](const workbook::Cell& cell) {
    return !holds_value(cell) || cell.kind == workbook::CellKind::Text;
  });
}

// Gives out the rows read ahead that follow the header, then the rest of
// the sheet from the reader itself.
class ReplayReader final : public workbook::SheetReader {
 public:
  ReplayReader(std::deque<OwnedRow> held, std::unique_ptr<workbook::SheetReader> inner)
      : m_held(std::move(held)), m_inner(std::move(inner)) {}

  bool next_row(workbook::RowView& row) override {
    if (m_held.empty()) return m_inner->next_row(row);
    row = m_held.take();
    return true;
  }

  const workbook::ReadStats& stats() const override { return m_inner->stats(); }
  // The inner reader's: the rows read ahead are copies, which lie elsewhere.
  std::string_view lasting_texts() const override { return m_inner->lasting_texts(); }

 private:
  HeldRows m_held;
  std::unique_ptr<workbook::SheetReader> m_inner;
};

std::string rows_text(std::uint32_t first, std::uint32_t last) {
  return first == last ? "row " + std::to_string(first)
                       : "rows " + std::to_string(first) + "-" + std::to_string(last);
}

}  // namespace

std::size_t detect_header(std::span<const OwnedRow> rows) {
  if (rows.empty() || value_count(rows[0]) != 1) return 0;
  std::map<std::size_t, std::size_t> frequency;  // values in a row -> rows
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto count = value_count(rows[i]);
    if (count >= 2) ++frequency[count];
  }
  std::size_t typical = 0;
  std::size_t seen = 0;
  for (const auto& [count, rows_with_it] : frequency) {
    if (rows_with_it >= seen) {  // ascending counts: a tie goes to the larger
      typical = count;
      seen = rows_with_it;
    }
  }
  if (typical == 0) return 0;
  for (std::size_t i = 1; i + 1 < rows.size(); ++i) {
    if (value_count(rows[i]) >= typical && all_text(rows[i])) return i;
  }
  return 0;
}

std::vector<std::string> join_header_rows(std::span<const OwnedRow> rows) {
  std::vector<std::vector<std::string>> grid;
  std::size_t width = 0;
  for (const auto& row : rows) {
    grid.push_back(header_texts(row.view()));
    width = std::max(width, grid.back().size());
  }
  for (auto& texts : grid) texts.resize(width);
  // Spread upper rows' values to the right over blanks: a merged cell's
  // value sits in its first column only.
  for (std::size_t r = 0; r + 1 < grid.size(); ++r) {
    for (std::size_t c = 1; c < width; ++c) {
      const bool same_parent = r == 0 || grid[r - 1][c] == grid[r - 1][c - 1];
      if (grid[r][c].empty() && same_parent) grid[r][c] = grid[r][c - 1];
    }
  }
  std::vector<std::string> names(width);
  for (std::size_t c = 0; c < width; ++c) {
    std::string last;
    for (const auto& texts : grid) {
      const auto& part = texts[c];
      if (part.empty() || part == last) continue;
      names[c] += (names[c].empty() ? "" : " / ") + part;
      last = part;
    }
  }
  return names;
}

SheetHeader read_header(std::unique_ptr<workbook::SheetReader> reader,
                        const workbook::RowView& first, const config::SheetLayout& layout) {
  const std::size_t span = layout.header_rows.value_or(1);
  SheetHeader header;
  std::vector<OwnedRow> rows(1);
  rows[0].assign(first);
  const bool detect = !layout.places_header() && value_count(rows[0]) == 1;
  if (span == 1 && !detect) {
    header.texts = header_texts(first);
    header.reader = std::move(reader);
    return header;
  }
  // Read ahead: the rows detection looks at, and the header's own rows.
  const std::size_t wanted = (detect ? header_search_rows : 1) + span - 1;
  workbook::RowView row;
  while (rows.size() < wanted && reader->next_row(row)) rows.emplace_back().assign(row);

  const std::size_t at =
      detect ? detect_header(std::span(rows).first(std::min(rows.size(), header_search_rows))) : 0;
  const std::size_t end = std::min(rows.size(), at + span);
  const auto header_rows = std::span(rows).subspan(at, end - at);
  header.texts = span == 1 ? header_texts(header_rows[0].view()) : join_header_rows(header_rows);

  const std::uint32_t first_number = header_rows.front().number;
  const std::uint32_t last_number = header_rows.back().number;
  if (at > 0) {
    header.note = "header on row " + std::to_string(first_number) + " (" +
                  rows_text(rows[0].number, first_number - 1) + " skipped: row " +
                  std::to_string(rows[0].number) +
                  " holds a lone title over a wider table; header_row sets it)";
  }
  if (span > 1) {
    header.note += std::string(header.note.empty() ? "" : "; ") + "header " +
                   rows_text(first_number, last_number) + " joined per column";
  }
  std::deque<OwnedRow> after;
  for (std::size_t i = end; i < rows.size(); ++i) after.push_back(std::move(rows[i]));
  header.reader = after.empty()
                      ? std::move(reader)
                      : std::make_unique<ReplayReader>(std::move(after), std::move(reader));
  return header;
}

}  // namespace pgdatahub::orchestrator
