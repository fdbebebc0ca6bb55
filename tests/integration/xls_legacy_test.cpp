// Excel 2-4 worksheets and Mac code pages, end to end: the real binary loads
// them into a real PostgreSQL next to each other, with dates and text as
// Excel showed them.
#include "support/biff_builder.hpp"
#include "support/queries.hpp"
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;
namespace id = test::biff_id;
using test::Body;
using test::bof;
using test::Stream;

void write(const fs::path& file, const Stream& stream) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(stream.bytes().data()),
            static_cast<std::streamsize>(stream.bytes().size()));
}

// "City, Founded, Size": a text, a date in the 1904 system and an integer,
// in Mac Central European (Łódź is FC 97 64 90 there).
Stream excel2_worksheet() {
  Stream s;
  s.add(id::bof2, bof(0x0007, test::worksheet))
      .add(id::codepage, Body().u16(10029))
      .add(id::datemode, Body().u16(1))
      .add(id::format2, Body().short_string("General"))
      .add(id::format2, Body().short_string("d-mmm-yyyy"))
      .add(id::xf2, Body().u8(0).u8(0).u8(0).u8(0))
      .add(id::xf2, Body().u8(0).u8(0).u8(1).u8(0))
      .add(id::label2, Body().cell2(0, 0, 0).short_string("City"))
      .add(id::label2, Body().cell2(0, 1, 0).short_string("Founded"))
      .add(id::label2, Body().cell2(0, 2, 0).short_string("Size"))
      .add(id::label2, Body().cell2(1, 0, 0).short_string("\xFC\x97"
                                                          "d\x90"))
      .add(id::number2, Body().cell2(1, 1, 1).f64(45352 - 1462))  // 2024-03-01
      .add(id::integer2, Body().cell2(1, 2, 0).u16(7))
      .add(id::eof);
  return s;
}

// The same columns as an Excel 4 worksheet (1900 dates, windows-1250).
Stream excel4_worksheet() {
  Stream s;
  s.add(id::bof4, bof(0, test::worksheet).u16(0))
      .add(id::codepage, Body().u16(1250))
      .add(id::format4, Body().u16(0).short_string("General"))
      .add(id::format4, Body().u16(0).short_string("yyyy-mm-dd"))
      .add(id::xf4, Body().u8(0).u8(0).u16(0).u32(0).u32(0))
      .add(id::xf4, Body().u8(0).u8(1).u16(0).u32(0).u32(0))
      .add(id::label, Body().cell(0, 0).u16(4).bytes("City"))
      .add(id::label, Body().cell(0, 1).u16(7).bytes("Founded"))
      .add(id::label, Body().cell(0, 2).u16(4).bytes("Size"))
      .add(id::label, Body().cell(1, 0, 0).u16(6).bytes("Gda\xF1sk"))  // ń is F1 in 1250
      .add(id::number, Body().cell(1, 1, 1).f64(45353))                // 2024-03-02
      .add(id::rk, Body().cell(1, 2, 0).u32(9U << 2U | 0x02U))
      .add(id::eof);
  return s;
}

TEST(EtlLegacyXls, Excel2And4WorksheetsLoadIntoOneTable) {
  test::ScratchDatabase database;
  test::TempDir dir;
  write(dir.path() / "data" / "cities" / "excel2.xls", excel2_worksheet());
  write(dir.path() / "data" / "cities" / "excel4.xls", excel4_worksheet());
  const auto run =
      test::run_pgdatahub({"etl", (dir.path() / "data").string()},
                          {{"DATABASE_URL", database.conninfo()}}, dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto conn = database::Connection::open(database.conninfo());
  EXPECT_EQ(test::column_type(conn, "cities", "founded"), "date");
  EXPECT_EQ(test::column_type(conn, "cities", "size"), "integer");
  EXPECT_EQ(
      test::scalar(conn,
                   "SELECT string_agg(city || ' ' || founded::text || ' ' || size::text || ' ' || "
                   "source_file || ':' || source_row::text, ', ' ORDER BY city) FROM cities"),
      "Gdańsk 2024-03-02 9 cities/excel4.xls:2, Łódź 2024-03-01 7 cities/excel2.xls:2");
}

}  // namespace
}  // namespace pgdatahub
