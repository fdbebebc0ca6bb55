#include <support/sheet_dump.hpp>

#include <cstdio>

namespace pgdatahub::test {

namespace {

std::string column_name(std::uint32_t column) {
  std::string name;
  std::uint32_t n = column + 1;
  while (n > 0) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
    n = (n - 1) / 26;
  }
  return name;
}

std::string format_micros(std::int64_t micros, bool date, bool time) {
  const std::int64_t micros_per_day = 86'400'000'000;
  std::int64_t days = micros / micros_per_day;
  std::int64_t rest = micros % micros_per_day;
  if (rest < 0) {
    rest += micros_per_day;
    --days;
  }
  // civil_from_days (Howard Hinnant).
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buffer[64];
  std::string out;
  if (date) {
    std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lld", static_cast<long long>(y),
                  static_cast<long long>(m), static_cast<long long>(d));
    out += buffer;
  }
  if (time) {
    if (!out.empty()) out += ' ';
    const std::int64_t seconds = rest / 1'000'000;
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld",
                  static_cast<long long>(seconds / 3600), static_cast<long long>(seconds / 60 % 60),
                  static_cast<long long>(seconds % 60));
    out += buffer;
    if (rest % 1'000'000 != 0) {
      std::snprintf(buffer, sizeof buffer, ".%06lld", static_cast<long long>(rest % 1'000'000));
      out += buffer;
    }
  }
  return out;
}

}  // namespace

std::string describe_cell(const workbook::Cell& cell) {
  using workbook::CellKind;
  char buffer[64];
  switch (cell.kind) {
    case CellKind::Empty:
      return "empty";
    case CellKind::Number:
      std::snprintf(buffer, sizeof buffer, "%.15g", cell.number);
      return std::string("n:") + buffer;
    case CellKind::Text:
      return "t:" + std::string(cell.text);
    case CellKind::Boolean:
      return cell.boolean ? "b:1" : "b:0";
    case CellKind::Error:
      return "e:" + std::string(cell.text);
    case CellKind::Date:
      return "d:" + format_micros(cell.micros, true, false);
    case CellKind::DateTime:
      return "dt:" + format_micros(cell.micros, true, true);
    case CellKind::Time:
      return "tm:" + format_micros(cell.micros, false, true);
    case CellKind::Duration:
      return "du:" + std::to_string(cell.micros);
  }
  return "?";
}

std::vector<std::string> dump_rows(workbook::SheetReader& reader) {
  std::vector<std::string> rows;
  workbook::RowView row;
  while (reader.next_row(row)) {
    std::string line = std::to_string(row.number);
    for (const auto& cell : row.cells) {
      line += ' ';
      line += column_name(cell.column);
      line += '=';
      line += describe_cell(cell);
    }
    rows.push_back(std::move(line));
  }
  return rows;
}

std::vector<std::string> dump_workbook(workbook::Workbook& book) {
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < book.sheets().size(); ++i) {
    lines.push_back("[" + book.sheets()[i].name + "]");
    auto reader = book.open_sheet(i);
    for (auto& line : dump_rows(*reader)) lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace pgdatahub::test
