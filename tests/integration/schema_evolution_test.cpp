// Schema evolution against a real PostgreSQL: columns are added and widened
// along the lattice, never narrowed, every value survives in its canonical
// text, and every change is audited.
#include "support/database_fixture.hpp"
#include "support/run_program.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/types/pg_type.hpp>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;
using types::PgType;

// The kinds of values a file's "value" column may hold, with the type each
// infers to and how PostgreSQL prints it in its own type.
enum class Kind { Integer, Big, Double, Boolean, Date, DateTime, Text, Empty };

PgType kind_type(Kind kind) {
  switch (kind) {
    case Kind::Integer:
      return PgType::Integer;
    case Kind::Big:
      return PgType::BigInt;
    case Kind::Double:
      return PgType::Double;
    case Kind::Boolean:
      return PgType::Boolean;
    case Kind::Date:
      return PgType::Date;
    case Kind::DateTime:
      return PgType::Timestamp;
    default:
      return PgType::Text;
  }
}

struct Value {
  Kind kind;
  int n;  // seeds the value
};

// Writes the value and returns its canonical text in its own type.
std::string write_value(test::XlsxBuilder& book, std::uint32_t row, const Value& v) {
  switch (v.kind) {
    case Kind::Integer:
      book.number(row, 1, v.n);
      return std::to_string(v.n);
    case Kind::Big: {
      const double big = 3000000000.0 + v.n;
      book.number(row, 1, big);
      return std::to_string(static_cast<long long>(big));
    }
    case Kind::Double: {
      book.number(row, 1, v.n + 0.25);
      return std::to_string(v.n) + ".25";
    }
    case Kind::Boolean:
      book.boolean(row, 1, v.n % 2 == 0);
      return v.n % 2 == 0 ? "true" : "false";
    case Kind::Date: {
      const int day = 1 + v.n % 28;
      book.datetime(row, 1, {2024, 3, day, 0, 0, 0}, "yyyy-mm-dd");
      return std::string("2024-03-") + (day < 10 ? "0" : "") + std::to_string(day);
    }
    case Kind::DateTime: {
      const int hour = v.n % 24;
      book.datetime(row, 1, {2024, 3, 1, hour, 30, 0}, "yyyy-mm-dd hh:mm");
      return std::string("2024-03-01 ") + (hour < 10 ? "0" : "") + std::to_string(hour) + ":30:00";
    }
    case Kind::Text:
      book.text(row, 1, "t" + std::to_string(v.n));
      return "t" + std::to_string(v.n);
    case Kind::Empty:
      return "";
  }
  return "";
}

class SchemaEvolutionTest : public test::DatabaseFixture {};

// For any sequence of files whose column holds values of random kinds, the
// final column type is the least upper bound of the kinds, and every value
// reads back as its canonical text (a date that lived through a timestamp
// column reads as that timestamp).
TEST_F(SchemaEvolutionTest, FinalTypeIsTheLeastUpperBoundAndEveryValueSurvives) {
  int case_number = 0;
  const bool ok = rc::check("schema evolution", [&](void) {
    const int files = *rc::gen::inRange(1, 4);
    std::vector<std::vector<Value>> contents;
    contents.reserve(static_cast<std::size_t>(files));
    for (int f = 0; f < files; ++f) {
      contents.push_back(*rc::gen::container<std::vector<Value>>(
          static_cast<std::size_t>(*rc::gen::inRange(1, 4)),
          rc::gen::build<Value>(
              rc::gen::set(&Value::kind,
                           rc::gen::element(Kind::Integer, Kind::Big, Kind::Double, Kind::Boolean,
                                            Kind::Date, Kind::DateTime, Kind::Text, Kind::Empty)),
              rc::gen::set(&Value::n, rc::gen::inRange(0, 1000)))));
    }
    const std::string table = "case_" + std::to_string(++case_number);
    m_conn.exec("DROP TABLE IF EXISTS data");
    m_conn.exec("DROP TABLE IF EXISTS etl_imports");
    m_conn.exec("DROP TABLE IF EXISTS etl_schema_changes");
    fs::remove_all(m_dir.path() / "data");
    fs::create_directories(m_dir.path() / "data");

    std::optional<PgType> expected_type;
    std::vector<std::pair<std::string, std::string>> expected;  // key -> value text
    std::vector<std::optional<PgType>> type_after_file;
    std::vector<std::vector<std::pair<Kind, std::string>>> written(static_cast<std::size_t>(files));
    for (int f = 0; f < files; ++f) {
      const auto file = m_dir.path() / "data" / ("f" + std::to_string(f) + ".xlsx");
      test::XlsxBuilder book(file);
      book.sheet("Sheet1").text(0, 0, "key").text(0, 1, "value");
      std::uint32_t row = 1;
      for (const auto& v : contents[static_cast<std::size_t>(f)]) {
        book.text(row, 0, std::to_string(f) + ":" + std::to_string(row));
        const std::string text = write_value(book, row, v);
        written[static_cast<std::size_t>(f)].emplace_back(v.kind, text);
        if (v.kind != Kind::Empty) {
          expected_type =
              expected_type ? types::widen(*expected_type, kind_type(v.kind)) : kind_type(v.kind);
        }
        ++row;
      }
      book.close();
      // Each file is its own run, so the column's history is observable.
      const auto run = etl();
      RC_ASSERT(run.exit_code == 0);
      type_after_file.push_back(expected_type);
    }

    const std::string final_type = column_type("data", "value");
    RC_ASSERT(types::parse_sql_type(final_type) == expected_type.value_or(PgType::Text));

    // A date stored while, or before, the column was a timestamp reads as one.
    for (int f = 0; f < files; ++f) {
      bool became_timestamp = false;
      for (int later = f; later < files; ++later) {
        if (type_after_file[static_cast<std::size_t>(later)] == PgType::Timestamp)
          became_timestamp = true;
      }
      std::uint32_t row = 1;
      for (const auto& [kind, text] : written[static_cast<std::size_t>(f)]) {
        const std::string key = std::to_string(f) + ":" + std::to_string(row++);
        auto got = m_conn.exec("SELECT value::text FROM data WHERE key = $1", {key});
        RC_ASSERT(got.rows() == 1);
        if (kind == Kind::Empty) {
          RC_ASSERT(got.is_null(0, 0));
          continue;
        }
        std::string want = text;
        if (kind == Kind::Date && became_timestamp) want += " 00:00:00";
        RC_ASSERT(std::string(got.text(0, 0)) == want);
      }
    }
  });
  EXPECT_TRUE(ok);
}

TEST_F(SchemaEvolutionTest, HandMadeDriftIsRepairedThroughTheAuditedPath) {
  fs::create_directories(m_dir.path() / "data");
  {
    test::XlsxBuilder book(m_dir.path() / "data" / "a.xlsx");
    book.sheet("Sheet1").text(0, 0, "id").text(0, 1, "name").number(1, 0, 1).text(1, 1, "x");
    book.close();
  }
  ASSERT_EQ(etl().exit_code, 0);
  m_conn.exec("ALTER TABLE data DROP COLUMN name");
  m_conn.exec("ALTER TABLE data ALTER COLUMN id TYPE text");
  {
    test::XlsxBuilder book(m_dir.path() / "data" / "b.xlsx");
    book.sheet("Sheet1").text(0, 0, "id").text(0, 1, "name").number(1, 0, 2).text(1, 1, "y");
    book.close();
  }
  const auto run = etl();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(column_type("data", "id"), "text");  // a type changed by hand is taken as it is
  EXPECT_EQ(scalar("SELECT name FROM data WHERE id = '2'"), "y");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes WHERE change_type = 'add_column' "
                   "AND column_name = 'name' AND source_file = 'b.xlsx'"),
            "1");
  m_conn.exec("DROP TABLE data");
  {
    test::XlsxBuilder book(m_dir.path() / "data" / "c.xlsx");
    book.sheet("Sheet1").text(0, 0, "id").number(1, 0, 3);
    book.close();
  }
  ASSERT_EQ(etl().exit_code, 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM data"), "1");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes WHERE change_type = 'create_table'"),
            "2");
}

// Numbers into a column already text, over many chunks: each chunk asks
// whether the column is an empty placeholder, and asking while the file's
// COPY was open aborted the COPY, and the file with it.
TEST_F(SchemaEvolutionTest, NumbersIntoATextColumnLoadAcrossChunks) {
  write_file("t/a.csv", "qty\nabout 7\n");
  ASSERT_EQ(etl().exit_code, 0);
  std::string numbers = "qty\n";
  for (int i = 0; i < 500; ++i) numbers += std::to_string(i) + "\n";
  write_file("t/b.csv", numbers);
  const auto run = etl({}, {{"ETL_CHUNK_SIZE", "50"}});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(column_type("t", "qty"), "text");
  EXPECT_EQ(scalar("SELECT count(*) || ' ' || count(DISTINCT qty) FROM t"), "501 501");
}

TEST_F(SchemaEvolutionTest, ALongReaderDelaysTheWideningButNeverDeadlocksIt) {
  fs::create_directories(m_dir.path() / "data");
  {
    test::XlsxBuilder book(m_dir.path() / "data" / "a.xlsx");
    book.sheet("Sheet1").text(0, 0, "qty").number(1, 0, 1);
    book.close();
  }
  ASSERT_EQ(etl().exit_code, 0);
  {
    test::XlsxBuilder book(m_dir.path() / "data" / "b.xlsx");
    book.sheet("Sheet1").text(0, 0, "qty").number(1, 0, 1.5);
    book.close();
  }
  auto reader = database::Connection::open(m_database.conninfo());
  reader.exec("BEGIN");
  reader.exec("SELECT count(*) FROM data");  // holds ACCESS SHARE until the end of its transaction
  // Released once the loader has given up waiting at least once (it says so
  // and backs off): its next attempt is a statement that started later. Only
  // waits for the table count: workers also wait for each other's advisory
  // locks while they claim files.
  std::thread release([&] {
    auto watcher = database::Connection::open(m_database.conninfo());
    std::string first_attempt;
    test::eventually(
        [&] {
          const auto waiting = watcher.exec(
              "SELECT query_start::text FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
              "AND wait_event = 'relation' AND datname = current_database()");
          if (waiting.rows() == 0) return false;
          const std::string started(waiting.text(0, 0));
          if (first_attempt.empty()) first_attempt = started;
          return started != first_attempt;
        },
        std::chrono::seconds(60));
    reader.exec("COMMIT");
  });
  const auto run = etl();
  release.join();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.err.find("not a pgdatahub load"), std::string::npos) << run.err;
  EXPECT_EQ(column_type("data", "qty"), "double precision");
  EXPECT_EQ(scalar("SELECT string_agg(qty::text, ',' ORDER BY qty) FROM data"), "1,1.5");
}

// Two loaders that bring the same new column and widen the same column at the
// same moment both succeed, and the change is made, and recorded, once.
TEST_F(SchemaEvolutionTest, ConcurrentLoadersAddAndWidenAColumnOnce) {
  const auto data = m_dir.path() / "data";
  fs::create_directories(data / "t");
  {
    test::XlsxBuilder book(data / "t" / "base.xlsx");
    book.sheet("Sheet1").text(0, 0, "id").text(0, 1, "qty").number(1, 0, 0).number(1, 1, 1);
    book.close();
  }
  ASSERT_EQ(etl().exit_code, 0);
  fs::create_directories(m_dir.path() / "a" / "t");
  fs::create_directories(m_dir.path() / "b" / "t");
  for (const char* side : {"a", "b"}) {
    for (int f = 0; f < 3; ++f) {
      test::XlsxBuilder book(m_dir.path() / side / "t" /
                             (std::string(side) + std::to_string(f) + ".xlsx"));
      book.sheet("Sheet1").text(0, 0, "id").text(0, 1, "qty").text(0, 2, "extra");
      for (std::uint32_t r = 1; r <= 200; ++r) {
        book.number(r, 0, f * 1000 + static_cast<int>(r)).number(r, 1, r + 0.5).text(r, 2, side);
      }
      book.close();
    }
  }
  const std::map<std::string, std::string> env{{"DATABASE_URL", m_database.conninfo()}};
  // Both trees load into the table "t" (their folder), at the same time: on
  // purpose, so the config says the data roots share the table.
  const std::string shared = (m_dir.path() / "shared.yaml").string();
  std::ofstream(shared) << "shared_table: true\n";
  const int a =
      test::spawn_pgdatahub({"etl", (m_dir.path() / "a").string(), "--config", shared}, env,
                            m_dir.path().string(), (m_dir.path() / "a.log").string());
  const int b =
      test::spawn_pgdatahub({"etl", (m_dir.path() / "b").string(), "--config", shared}, env,
                            m_dir.path().string(), (m_dir.path() / "b.log").string());
  EXPECT_EQ(test::wait_for(a), 0);
  EXPECT_EQ(test::wait_for(b), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM t"), "1201");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes WHERE change_type = 'add_column' AND "
                   "column_name = 'extra'"),
            "1");
  EXPECT_EQ(scalar("SELECT count(*) FROM etl_schema_changes WHERE change_type = 'alter_type' AND "
                   "column_name = 'qty'"),
            "1");
  EXPECT_EQ(scalar("SELECT count(*) FROM t WHERE extra IS NOT NULL"), "1200");
}

}  // namespace
}  // namespace pgdatahub
