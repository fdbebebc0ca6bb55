#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/copy/text_conversion.hpp>
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/types/civil_date.hpp>
#include <pgdatahub/types/text_locale.hpp>
#include <pgdatahub/workbook/csv/text_value.hpp>
#include <support/sheet_dump.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace pgdatahub::types {
namespace {

TextLocale german() {
  TextLocale locale;
  locale.decimal = ',';
  locale.thousands = '.';
  locale.date_format = DateFormat::parse("DD.MM.YYYY", false);
  locale.datetime_format = DateFormat::parse("DD.MM.YYYY HH:MI:SS", true);
  locale.true_values = {"ja"};
  locale.false_values = {"nein"};
  locale.null_values = {"-", "n/a"};
  return locale;
}

std::string infer(std::string_view text, const TextLocale& locale) {
  workbook::Cell cell;
  workbook::csv::infer_cell(text, cell, locale);
  if (cell.kind == workbook::CellKind::Empty) return "null";
  return test::describe_cell(cell);
}

TEST(TextLocale, NumbersInTheLocalesNotation) {
  const TextLocale locale = german();
  EXPECT_EQ(infer("-12,50", locale), "n:-12.5");
  EXPECT_EQ(infer("1.234,56", locale), "n:1234.56");
  EXPECT_EQ(infer("1.234.567", locale), "n:1234567");
  EXPECT_EQ(infer("+0,5", locale), "n:0.5");
  // Grouping must be by threes; a plain "1.5" is not German for 1.5.
  EXPECT_EQ(infer("1.23,4", locale), "t:1.23,4");
  EXPECT_EQ(infer("1234.567,1", locale), "t:1234.567,1");
  EXPECT_EQ(infer("1.5", locale), "t:1.5");
  EXPECT_EQ(infer("12,", locale), "t:12,");
  // Codes stay codes, as in the plain grammar.
  EXPECT_EQ(infer("007", locale), "t:007");
  EXPECT_EQ(infer("1234567890123456", locale), "t:1234567890123456");
}

TEST(TextLocale, DatesBooleansAndNulls) {
  const TextLocale locale = german();
  EXPECT_EQ(infer("01.01.2024", locale), "d:2024-01-01");
  EXPECT_EQ(infer("1.3.2024", locale), "d:2024-03-01");
  EXPECT_EQ(infer("29.02.2023", locale), "t:29.02.2023");
  EXPECT_EQ(infer("31.12.2023 23:59:01", locale), "dt:2023-12-31 23:59:01");
  EXPECT_EQ(infer("2024-03-01", locale), "d:2024-03-01");
  EXPECT_EQ(infer("JA", locale), "b:1");
  EXPECT_EQ(infer("nein", locale), "b:0");
  EXPECT_EQ(infer("true", locale), "b:1");
  EXPECT_EQ(infer("-", locale), "null");
  EXPECT_EQ(infer(" n/a ", locale), "null");
  EXPECT_EQ(infer("N/A", locale), "t:N/A");
}

TEST(TextLocale, PackedDateFieldsNeedFixedWidths) {
  const auto format = DateFormat::parse("YYYYMMDD", false);
  EXPECT_EQ(format.read("20240301"), days_from_civil(2024, 3, 1) * micros_per_day);
  EXPECT_FALSE(format.read("2024031"));
  EXPECT_EQ(DateFormat::parse("MM/DD/YYYY", false).read("12/31/2024"),
            days_from_civil(2024, 12, 31) * micros_per_day);
}

TEST(TextLocale, BadPatternsSayWhatIsWrong) {
  EXPECT_THROW(DateFormat::parse("DD.MM.YY", false), std::invalid_argument);
  EXPECT_THROW(DateFormat::parse("DD.MM.YYYY HH:MI", false), std::invalid_argument);
  EXPECT_THROW(DateFormat::parse("DD.MM.YYYY", true), std::invalid_argument);
  EXPECT_THROW(DateFormat::parse("DD.MM.YYYY X", false), std::invalid_argument);
}

TEST(TextLocale, ForcedConversionReadsTheSameWayAsInference) {
  const TextLocale locale = german();
  EXPECT_EQ(copy::parse_double(" -12,50 ", locale), -12.5);
  EXPECT_FALSE(copy::parse_double("-12.50", locale));
  EXPECT_EQ(copy::parse_integer("1.234", locale), 1234);
  EXPECT_FALSE(copy::parse_integer("1,5", locale));
  // A forced integer takes "007": only inference keeps codes as text.
  EXPECT_EQ(copy::parse_integer("007", locale), 7);
  EXPECT_EQ(copy::parse_date("31.12.2023", locale), days_from_civil(2023, 12, 31));
  EXPECT_EQ(copy::parse_date("2023-12-31", locale), days_from_civil(2023, 12, 31));
  EXPECT_EQ(copy::parse_timestamp("31.12.2023", locale),
            days_from_civil(2023, 12, 31) * micros_per_day);
  EXPECT_EQ(copy::parse_boolean("Nein", locale), false);
  EXPECT_TRUE(copy::is_null("-", locale));
  // Without a locale the plain readings stand.
  EXPECT_EQ(copy::parse_double("-12.50", TextLocale{}), -12.5);
}

TEST(LocaleConfig, KeysInheritAndDefaultsApply) {
  const auto config = config::EtlConfig::parse(
      "default_decimal: \",\"\ndefault_null_values: [\"-\"]\n"
      "bank:\n  thousands: \".\"\n  date_format: DD.MM.YYYY\n  emea:\n    null_values: [n/a]\n",
      "cfg.yaml");
  const auto emea = config.resolve({"bank", "emea"});
  EXPECT_EQ(emea.locale.decimal, ',');
  EXPECT_EQ(emea.locale.thousands, '.');
  ASSERT_TRUE(emea.locale.date_format);
  EXPECT_EQ(emea.locale.date_format->pattern(), "DD.MM.YYYY");
  EXPECT_EQ(emea.locale.null_values, std::vector<std::string>{"n/a"});
  const auto other = config.resolve({"shop"});
  EXPECT_EQ(other.locale.decimal, ',');
  EXPECT_EQ(other.locale.thousands, '\0');
  EXPECT_EQ(other.locale.null_values, std::vector<std::string>{"-"});
  EXPECT_TRUE(config::EtlConfig().resolve({"x"}).locale.is_standard());
}

TEST(LocaleConfig, BadValuesNameTheirKey) {
  auto message = [](const std::string& yaml) {
    try {
      config::EtlConfig::parse(yaml, "cfg.yaml");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message("bank:\n  decimal: x\n").find("cfg.yaml: bank.decimal must be one of"),
            std::string::npos);
  EXPECT_NE(message("bank:\n  thousands: [a]\n").find("bank.thousands must be a single value"),
            std::string::npos);
  EXPECT_NE(
      message("bank:\n  null_values: [\"\"]\n").find("bank.null_values must not hold an empty"),
      std::string::npos);
  EXPECT_NE(message("bank:\n  true_values: [x]\n  false_values: [x]\n")
                .find("both true_values and false_values"),
            std::string::npos);
  EXPECT_NE(message("default_datetime_format: DD.MM.YYYY\n").find("default_datetime_format"),
            std::string::npos);
  EXPECT_NE(message("default_decimal: \".\"\nsales:\n  emea:\n    thousands: \".\"\n")
                .find("cfg.yaml: sales.emea: decimal and thousands"),
            std::string::npos);
}

}  // namespace
}  // namespace pgdatahub::types
