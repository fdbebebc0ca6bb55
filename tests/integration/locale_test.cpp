// Locales through the real binary: a folder of German bank exports loads with
// a few config keys, and a dry run converts exactly what the load converts.
#include "support/database_fixture.hpp"
#include "support/queries.hpp"
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace pgdatahub {
namespace {

namespace fs = std::filesystem;

// A bank's CSV export in windows-1252 ("ä" is 0xE4): ';' between fields,
// decimal commas, dots between thousands, day-first dates, '-' for nothing.
constexpr const char* german_bank_csv =
    "Buchungstag;Betrag;Saldo;Bezahlt;Zeitpunkt;Empf\xE4nger\r\n"
    "01.01.2024;-12,50;1.234,56;ja;01.01.2024 09:30;B\xE4"
    "ckerei\r\n"
    "15.02.2024;-;-1.000;nein;n/a;K\xE4se GmbH\r\n"
    "31.12.2023;3,00;2.000.000,75;Ja;31.12.2023 23:59;-\r\n";

constexpr const char* german_locale =
    "  csv: {delimiter: \";\", encoding: windows-1252}\n"
    "  decimal: \",\"\n"
    "  thousands: \".\"\n"
    "  date_format: DD.MM.YYYY\n"
    "  datetime_format: DD.MM.YYYY HH:MI\n"
    "  true_values: [ja]\n"
    "  false_values: [nein]\n"
    "  null_values: [\"-\", n/a]\n";

class LocaleTest : public test::DatabaseFixture {
 protected:
  std::string config_path() const { return (m_dir.path() / "cfg.yaml").string(); }

  // etl with the config write_config wrote.
  test::ProgramResult etl(std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), {"--config", config_path()});
    return DatabaseFixture::etl(extra);
  }
};

TEST_F(LocaleTest, AGermanBankCsvLoadsWithTypesAndEveryValue) {
  write_file("bank/konto.csv", german_bank_csv);
  write_config(std::string("bank:\n") + german_locale);
  const auto run = etl();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;

  EXPECT_EQ(column_type("bank", "buchungstag"), "date");
  EXPECT_EQ(column_type("bank", "betrag"), "double precision");
  EXPECT_EQ(column_type("bank", "saldo"), "double precision");
  EXPECT_EQ(column_type("bank", "bezahlt"), "boolean");
  EXPECT_EQ(column_type("bank", "zeitpunkt"), "timestamp without time zone");
  EXPECT_EQ(column_type("bank", "empfanger"), "text");
  EXPECT_EQ(
      scalar("SELECT string_agg(concat_ws('|', source_row, buchungstag, coalesce(betrag::text, "
             "'NULL'), "
             "saldo, bezahlt, coalesce(zeitpunkt::text, 'NULL'), coalesce(empfanger, 'NULL')), "
             "E'\\n' ORDER BY source_row) FROM bank"),
      "2|2024-01-01|-12.5|1234.56|t|2024-01-01 09:30:00|Bäckerei\n"
      "3|2024-02-15|NULL|-1000|f|NULL|Käse GmbH\n"
      "4|2023-12-31|3|2000000.75|t|2023-12-31 23:59:00|NULL");
}

TEST_F(LocaleTest, SubfoldersInheritAndDefaultsApplyEverywhere) {
  write_file("bank/2024/konto.csv", german_bank_csv);
  write_file("shop/a.csv", "Tag,Menge\n02/03/2024,1.5\n");
  // The top default is day-first with '.', the bank folder overrides the
  // rest, and its subfolder 2024 inherits all of it.
  write_config(std::string("default_date_format: DD/MM/YYYY\nbank:\n") + german_locale);
  ASSERT_EQ(etl().exit_code, 0);
  EXPECT_EQ(scalar("SELECT sum(betrag)::text FROM bank_2024"), "-9.5");
  EXPECT_EQ(scalar("SELECT tag::text || ' ' || menge FROM shop"), "2024-03-02 1.5");
}

TEST_F(LocaleTest, DryRunOfAForcedDecimalColumnAgreesWithTheLoad) {
  write_file("bank/konto.csv", "Buchungstag;Betrag\n01.01.2024;-12,50\n");
  // Without the locale, -12,50 is no double: the dry run says so, like the load.
  write_config("bank:\n  columns: {Betrag: double precision}\n");
  const auto dry = etl({"--dry-run"});
  EXPECT_EQ(dry.exit_code, 1) << dry.out;
  EXPECT_NE(dry.out.find("B2: cannot store '-12,50' as double precision"), std::string::npos)
      << dry.out;
  const auto refused = etl();
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_NE(refused.out.find("B2: cannot store '-12,50' as double precision"), std::string::npos)
      << refused.out;
  EXPECT_EQ(scalar("SELECT to_regclass('bank') IS NULL"), "t");

  // With it, both pass, and a text cell of an .xlsx in the same folder reads
  // the same way because its column is declared numeric.
  {
    test::XlsxBuilder book(data() / "bank" / "b.xlsx");
    book.sheet("Sheet1").text(0, 0, "Buchungstag").text(0, 1, "Betrag");
    book.text(1, 0, "02.01.2024").text(1, 1, "1.000,25");
    book.text(2, 0, "03.01.2024").text(2, 1, "-");
    book.close();
  }
  write_config(
      "bank:\n  decimal: \",\"\n  thousands: \".\"\n  date_format: DD.MM.YYYY\n  null_values: "
      "[\"-\"]\n"
      "  columns: {Betrag: double precision, Buchungstag: date}\n");
  const auto dry_ok = etl({"--dry-run"});
  EXPECT_EQ(dry_ok.exit_code, 0) << dry_ok.out;
  const auto load = etl();
  ASSERT_EQ(load.exit_code, 0) << load.out;
  EXPECT_EQ(scalar("SELECT string_agg(buchungstag || '=' || coalesce(betrag::text, 'NULL'), ',' "
                   "ORDER BY buchungstag) FROM bank"),
            "2024-01-01=-12.5,2024-01-02=1000.25,2024-01-03=NULL");
}

TEST_F(LocaleTest, AChangedLocaleReloadsTheFilesItReadsAnotherWay) {
  write_file("bank/konto.csv", "Tag;Betrag\n01.02.2024;1,5\n");
  write_file("shop/a.csv", "Tag,Menge\n2024-02-01,2\n");
  write_config("bank:\n  csv: {delimiter: \";\"}\n");
  ASSERT_EQ(etl().exit_code, 0);
  EXPECT_EQ(scalar("SELECT tag || '=' || betrag FROM bank"), "01.02.2024=1,5");

  // Only the bank folder's reading changes: the shop file stays a duplicate.
  write_config("bank:\n  csv: {delimiter: \";\"}\n  decimal: \",\"\n  date_format: DD.MM.YYYY\n");
  const char* why =
      "reloaded: config for bank changed (date_format (none) -> DD.MM.YYYY, "
      "decimal (none) -> ,)";
  const auto dry = etl({"--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_NE(dry.out.find(why), std::string::npos) << dry.out;
  EXPECT_EQ(scalar("SELECT tag || '=' || betrag FROM bank"), "01.02.2024=1,5");

  const auto run = etl();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.err.find(why), std::string::npos) << run.err;
  EXPECT_NE(run.out.find("1 skipped as duplicates"), std::string::npos) << run.out;
  // The earlier reading's row left with its import, in the same transaction.
  EXPECT_EQ(scalar("SELECT count(*) || ':' || min(tag::date) || '=' || min(betrag::float8) "
                   "FROM bank"),
            "1:2024-02-01=1.5");
  EXPECT_EQ(scalar("SELECT string_agg(status || ':' || coalesce(read_settings, ''), ',' ORDER BY "
                   "id) FROM etl_imports WHERE table_name = 'bank'"),
            "reverted:csv.delimiter=;,loaded:csv.delimiter=;; decimal=,; date_format=DD.MM.YYYY");
}

TEST_F(LocaleTest, ABadLocaleKeyIsRefusedNamingTheKey) {
  fs::create_directories(data());
  write_config("bank:\n  decimal: \";\"\n");
  auto run = etl();
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("bank.decimal must be one of"), std::string::npos) << run.err;

  write_config("bank:\n  date_format: DD.MM.YY\n");
  run = etl();
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("bank.date_format"), std::string::npos) << run.err;

  // Each key is fine alone; together, in two levels, they clash.
  write_config("default_thousands: \",\"\nbank:\n  decimal: \",\"\n");
  run = etl();
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("bank: decimal and thousands are both"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace pgdatahub
