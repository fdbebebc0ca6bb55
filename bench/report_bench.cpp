// The load report on a large ledger: fills a scratch database with 10,000
// imports (monthly files over 20 tables, a failure in every 25, drift) and
// times gathering and rendering the page, which the issue bounds at one
// second and 2 MB. Usage: report_bench CONNINFO [IMPORTS]
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/conninfo.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/report/report_page.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>

namespace {

using namespace pgdatahub;

constexpr const char* scratch_database = "report_bench";

// A database of its own, made afresh, so a run never sees the last one's rows
// (the ledger lives in public, so a scratch schema no longer separates it).
database::Connection scratch(database::Connection& admin, const std::string& conninfo) {
  admin.exec(std::string("DROP DATABASE IF EXISTS ") + scratch_database);
  admin.exec(std::string("CREATE DATABASE ") + scratch_database);
  return database::Connection::open(database::conninfo_with_database(conninfo, scratch_database));
}

void fill_ledger(database::Connection& conn, int imports) {
  ledger::ensure_ledger_tables(conn);
  conn.exec(
      "INSERT INTO etl_imports (table_name, source_file, file_sha256, status, row_count, "
      "error_message, imported_at, duration_ms) "
      "SELECT 'table_' || (i % 20), format('t%s/export_%s.xlsx', i % 20, "
      "to_char(date '2000-01-01' + (i / 20) * interval '1 month', 'YYYY-MM')), md5(i::text), "
      "CASE WHEN i % 25 = 0 THEN 'failed' ELSE 'loaded' END, "
      "CASE WHEN i % 25 = 0 THEN 0 WHEN i % 97 = 0 THEN 3 ELSE 1000 + i % 300 END, "
      "CASE WHEN i % 25 = 0 THEN 'corrupt zip archive: export the file again' END, "
      "timestamp '2026-01-01' + i * interval '1 minute', 40 + i % 50 "
      "FROM generate_series(1, $1::int) AS i",
      {std::to_string(imports)});
  conn.exec(
      "INSERT INTO etl_schema_changes (table_name, change_type, column_name, old_type, new_type, "
      "source_file, etl_import_id, changed_at) "
      "SELECT table_name, CASE WHEN id <= 20 THEN 'create_table' ELSE 'alter_type' END, "
      "CASE WHEN id > 20 THEN 'qty' END, CASE WHEN id > 20 THEN 'integer' END, "
      "CASE WHEN id > 20 THEN 'double precision' END, source_file, id, imported_at "
      "FROM etl_imports WHERE id <= 20 OR id % 500 = 0");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: report_bench CONNINFO [IMPORTS]\n");
    return 2;
  }
  try {
    auto admin = database::Connection::open(argv[1]);
    const int imports = argc > 2 ? std::stoi(argv[2]) : 10000;
    std::optional<database::Connection> conn(scratch(admin, argv[1]));
    fill_ledger(*conn, imports);
    const auto start = std::chrono::steady_clock::now();
    const auto data = report::gather_report(*conn, {});
    const auto gathered = std::chrono::steady_clock::now();
    const std::string page = report::render_page(data);
    const auto rendered = std::chrono::steady_clock::now();
    auto ms = [](auto from, auto to) {
      return std::chrono::duration<double, std::milli>(to - from).count();
    };
    std::printf("%d imports: gather %.1f ms, render %.1f ms, total %.1f ms, page %.2f MB\n",
                imports, ms(start, gathered), ms(gathered, rendered), ms(start, rendered),
                static_cast<double>(page.size()) / 1e6);
    conn.reset();  // a database in use cannot be dropped
    admin.exec(std::string("DROP DATABASE ") + scratch_database);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "report_bench: %s\n", e.what());
    return 1;
  }
}
