#include <pgdatahub/naming/identifier.hpp>
#include <pgdatahub/transform/produced_value.hpp>
#include <pgdatahub/types/canonical_text.hpp>
#include <pgdatahub/workbook/csv/text_value.hpp>

namespace pgdatahub::transform {

void type_text(std::string_view text, const types::TextLocale& locale, workbook::Cell& cell) {
  cell.kind = workbook::CellKind::Empty;
  cell.text = {};
  if (text.empty()) return;
  if (locale.is_standard()) {
    workbook::csv::infer_cell(text, cell);
  } else {
    workbook::csv::infer_cell(text, cell, locale);
  }
  if (cell.kind == workbook::CellKind::Text) cell.text = text;
}

std::string_view cell_text(const workbook::Cell& cell, std::string& scratch) {
  if (cell.kind == workbook::CellKind::Text) return cell.text;
  scratch.clear();
  types::append_canonical_text(cell, scratch);
  return scratch;
}

bool names_column(const std::string& header, const std::string& configured) {
  return header == configured || naming::to_identifier(header) == naming::to_identifier(configured);
}

}  // namespace pgdatahub::transform
