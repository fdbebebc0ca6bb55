#include "cell_builders.hpp"
#include "encoder_cases.hpp"
#include <pgdatahub/copy/binary_copy_encoder.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/fnv1a.hpp>
#include <pgdatahub/orchestrator/row_encoder.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::orchestrator {
namespace {

using types::PgType;

constexpr std::int64_t load_micros = 1'733'000'000'000'000;
constexpr std::int64_t import_id = 77;
const std::string& source_file() {
  static const std::string name = "sales/2024 März.xlsx";
  return name;
}
const std::string& source_sheet() {
  static const std::string name = "Q1";
  return name;
}

// The row as the encoder wrote it before rows went through a cursor: one
// call of the field API per field, each appending to the string.
std::string field_by_field(const copy::BinaryCopyEncoder& encoder,
                           const std::vector<EncodedColumn>& columns, const workbook::RowView& row,
                           const std::string* sheet) {
  std::string out;
  const auto metadata_fields = static_cast<std::uint16_t>(sheet != nullptr ? 5 : 4);
  encoder.begin_row(out, static_cast<std::uint16_t>(columns.size() + metadata_fields));
  for (const auto& column : columns) {
    const workbook::Cell* found = nullptr;
    for (const auto& cell : row.cells) {
      if (cell.column == column.source_index) found = &cell;
    }
    if (found == nullptr) {
      encoder.null_field(out);
      continue;
    }
    if (column.forced && *column.forced != column.type) {
      std::string scratch;
      encoder.cell_field(scratch, *found, *column.forced);
    }
    encoder.cell_field(out, *found, column.type);
  }
  encoder.text_field(out, source_file());
  encoder.timestamp_field(out, load_micros);
  encoder.int8_field(out, import_id);
  if (sheet != nullptr) encoder.text_field(out, *sheet);
  encoder.int4_field(out, static_cast<std::int32_t>(row.number));
  return out;
}

std::vector<std::string> column_names(std::size_t count) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < count; ++i) names.push_back("column_" + std::to_string(i + 1));
  return names;
}

// Whether `cell` goes into a column of `type` without an error.
bool fits(const copy::BinaryCopyEncoder& encoder, const workbook::Cell& cell, PgType type) {
  try {
    std::string out;
    encoder.cell_field(out, cell, type);
    return true;
  } catch (const FileError&) {
    return false;
  }
}

// cell_field over every kind of cell into every type, in both locales,
// errors included: the same bytes as the encoder of main at e106ee4 (which
// appended each field to the string) gave for the same transcript.
TEST(RowEncoder, CellFieldsKeepTheBytesOfTheAppendingEncoder) {
  std::string transcript;
  for (const auto& locale : {types::TextLocale{}, test::comma_locale()}) {
    copy::BinaryCopyEncoder encoder;
    encoder.set_text_locale(locale);
    for (const auto& cell : test::every_kind_of_cell()) {
      for (const auto type : test::every_pg_type) {
        std::string out;
        try {
          encoder.cell_field(out, cell, type);
          transcript += out;
        } catch (const FileError& e) {
          transcript += std::string("!") + e.what() + "\n";
        }
      }
    }
  }
  EXPECT_EQ(transcript.size(), 22202U);
  EXPECT_EQ(fnv1a(transcript), 0x80773cc4258e57ddULL);
}

// Every kind of cell into every type, one column per cell plus a column the
// row lacks (NULL), with and without source_sheet: encode_row writes the
// bytes the field API appends one by one.
TEST(RowEncoder, RowsMatchTheFieldApiForEveryKindAndType) {
  for (const auto& locale : {types::TextLocale{}, test::comma_locale()}) {
    copy::BinaryCopyEncoder fields;
    fields.set_text_locale(locale);
    for (const auto type : test::every_pg_type) {
      std::vector<workbook::Cell> cells;
      for (auto cell : test::every_kind_of_cell()) {
        if (!fits(fields, cell, type)) continue;
        cell.column = static_cast<std::uint32_t>(cells.size());
        cells.push_back(cell);
      }
      std::vector<EncodedColumn> columns;
      for (std::uint32_t i = 0; i <= cells.size(); ++i) columns.push_back({i, type, std::nullopt});
      const workbook::RowView row{9, cells};
      for (const std::string* sheet : {static_cast<const std::string*>(nullptr), &source_sheet()}) {
        RowEncoder encoder;
        encoder.set_text_locale(locale);
        encoder.set_metadata(source_file(), load_micros, import_id, sheet);
        encoder.set_columns(columns, column_names(columns.size()));
        std::string out = "earlier rows";
        encoder.encode_row(row, out);
        EXPECT_EQ(out, "earlier rows" + field_by_field(fields, columns, row, sheet))
            << types::sql_name(type) << (sheet != nullptr ? " with source_sheet" : "");
      }
    }
  }
}

// A config type other than the live one: every value must fit it, and the
// field still goes in as the live type.
TEST(RowEncoder, ForcedColumnsCheckTheConfigType) {
  const copy::BinaryCopyEncoder fields;
  std::vector<workbook::Cell> cells = {test::text_cell("42"), test::number_cell(7),
                                       test::text_cell("2024-03-01")};
  for (std::uint32_t i = 0; i < cells.size(); ++i) cells[i].column = i;
  const std::vector<EncodedColumn> columns = {{0, PgType::Text, PgType::Integer},
                                              {1, PgType::Double, PgType::BigInt},
                                              {2, PgType::Text, PgType::Date}};
  const workbook::RowView row{3, cells};
  RowEncoder encoder;
  encoder.set_metadata(source_file(), load_micros, import_id);
  encoder.set_columns(columns, column_names(columns.size()));
  std::string out;
  encoder.encode_row(row, out);
  EXPECT_EQ(out, field_by_field(fields, columns, row, nullptr));
}

// A value that fits neither its column nor its config type fails the row
// with the cell's address, and the rows before it stay as they were.
TEST(RowEncoder, AFailedRowLeavesTheBufferAsItWas) {
  std::vector<workbook::Cell> good = {test::text_cell("first"), test::number_cell(1),
                                      test::text_cell("3"), test::number_cell(2)};
  for (std::uint32_t i = 0; i < good.size(); ++i) good[i].column = i;
  std::vector<workbook::Cell> bad = good;
  bad[2].text = "abc";
  const std::vector<std::string> names = {"name", "qty", "amount", "rank"};
  const std::vector<std::vector<EncodedColumn>> failing = {
      {{0, PgType::Text, std::nullopt},
       {1, PgType::Integer, std::nullopt},
       {2, PgType::Integer, std::nullopt},
       {3, PgType::Integer, std::nullopt}},
      {{0, PgType::Text, std::nullopt},
       {1, PgType::Integer, std::nullopt},
       {2, PgType::Text, PgType::Double},
       {3, PgType::Integer, std::nullopt}},
  };
  for (const auto& columns : failing) {
    RowEncoder encoder;
    encoder.set_metadata(source_file(), load_micros, import_id);
    encoder.set_columns(columns, names);
    std::string out;
    encoder.encode_row(workbook::RowView{16, good}, out);
    const std::string before = out;
    try {
      encoder.encode_row(workbook::RowView{17, bad}, out);
      ADD_FAILURE() << "no error";
    } catch (const FileError& error) {
      EXPECT_EQ(error.failure(), FileFailure::BadValue);
      const std::string type = columns[2].forced ? "double precision" : "integer";
      EXPECT_EQ(std::string(error.what()), "C17: cannot store 'abc' as " + type +
                                               " (column amount): fix the cell or the config type");
    }
    EXPECT_EQ(out, before);
  }
}

// Texts far larger than the buffer's room make it grow within the row.
TEST(RowEncoder, LongTextsGrowTheBuffer) {
  const copy::BinaryCopyEncoder fields;
  const std::string long_text(1 << 20, 'x');
  std::vector<workbook::Cell> cells = {test::text_cell(long_text), test::number_cell(5),
                                       test::text_cell(long_text)};
  for (std::uint32_t i = 0; i < cells.size(); ++i) cells[i].column = i;
  const std::vector<EncodedColumn> columns = {{0, PgType::Text, std::nullopt},
                                              {1, PgType::Text, std::nullopt},
                                              {2, PgType::Text, std::nullopt}};
  const workbook::RowView row{2, cells};
  RowEncoder encoder;
  encoder.set_metadata(source_file(), load_micros, import_id);
  encoder.set_columns(columns, column_names(columns.size()));
  std::string out = "x";
  out.shrink_to_fit();
  encoder.encode_row(row, out);
  EXPECT_EQ(out, "x" + field_by_field(fields, columns, row, nullptr));
}

}  // namespace
}  // namespace pgdatahub::orchestrator
