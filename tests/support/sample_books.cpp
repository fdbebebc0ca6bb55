#include "support/sample_books.hpp"

#include "support/xlsx_builder.hpp"

namespace pgdatahub::test {

namespace fs = std::filesystem;

void write_sheet(const fs::path& file, const std::vector<std::string>& headers,
                 const std::vector<std::vector<SheetValue>>& rows) {
  fs::create_directories(file.parent_path());
  XlsxBuilder book(file);
  book.sheet("Sheet1");
  for (std::size_t c = 0; c < headers.size(); ++c) {
    book.text(0, static_cast<std::uint16_t>(c), headers[c]);
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const auto row = static_cast<std::uint32_t>(r + 1);
      const auto col = static_cast<std::uint16_t>(c);
      const auto& value = rows[r][c];
      if (const auto* n = std::get_if<double>(&value)) book.number(row, col, *n);
      if (const auto* s = std::get_if<std::string>(&value)) book.text(row, col, *s);
      if (const auto* d = std::get_if<SheetDate>(&value)) {
        book.datetime(row, col, {d->year, d->month, d->day, 0, 0, 0}, "yyyy-mm-dd");
      }
    }
  }
  book.close();
}

void write_qty_book(const fs::path& file, const QtyBook& spec) {
  fs::create_directories(file.parent_path());
  XlsxBuilder book(file);
  book.sheet("Sheet1").text(0, 0, "qty");
  if (spec.note) book.text(0, 1, "note");
  for (std::uint32_t r = 1; r <= spec.rows; ++r) {
    book.number(r, 0, spec.first + r + (spec.decimals ? 0.5 : 0.0));
    if (spec.note) book.text(r, 1, "n" + std::to_string(r));
  }
  book.close();
}

void write_items_book(const fs::path& file, const ItemsBook& spec) {
  fs::create_directories(file.parent_path());
  XlsxBuilder book(file);
  book.sheet("Sheet1").text(0, 0, "Id").text(0, 1, "Name").text(0, 2, "Amount");
  if (spec.drift == ItemsDrift::note_column) book.text(0, 3, "Note");
  for (int i = 0; i < spec.rows; ++i) {
    const auto r = static_cast<std::uint32_t>(i + 1);
    book.number(r, 0, spec.first_id + i).text(r, 1, "item " + std::to_string(spec.first_id + i));
    if (spec.drift == ItemsDrift::text_amount && i == spec.rows / 2) {
      book.text(r, 2, "n/a");
    } else {
      book.number(r, 2, i * spec.amount_step);
    }
    if (spec.drift == ItemsDrift::note_column) book.text(r, 3, "note " + std::to_string(i));
  }
  book.close();
}

std::string items_csv(int rows, int first_id, int text_at) {
  std::string csv = "id,name,amount\n";
  for (int i = 0; i < rows; ++i) {
    const int id = first_id + i;
    csv += std::to_string(id) + ",item " + std::to_string(id) + "," +
           (i == text_at ? std::string("n/a") : std::to_string(i * 3)) + "\n";
  }
  return csv;
}

}  // namespace pgdatahub::test
