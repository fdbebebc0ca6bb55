#include <pgdatahub/database/conninfo.hpp>
#include <pgdatahub/database/quote.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace pgdatahub::database {
namespace {

TEST(QuoteIdentifier, WrapsPlainNamesInDoubleQuotes) {
  EXPECT_EQ(quote_identifier("sales"), "\"sales\"");
  EXPECT_EQ(quote_identifier("Mixed Case"), "\"Mixed Case\"");
}

TEST(QuoteIdentifier, DoublesEmbeddedQuotesSoInjectionStaysOneName) {
  EXPECT_EQ(quote_identifier("\"; DROP TABLE x; --"), "\"\"\"; DROP TABLE x; --\"");
  EXPECT_EQ(quote_identifier("\""), "\"\"\"\"");
  EXPECT_EQ(quote_identifier("a\"\"b"), "\"a\"\"\"\"b\"");
}

TEST(QuoteIdentifier, KeepsOtherHostileBytesInsideTheQuotes) {
  EXPECT_EQ(quote_identifier("x'); DELETE FROM y; --"), "\"x'); DELETE FROM y; --\"");
  EXPECT_EQ(quote_identifier("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(quote_identifier("back\\slash"), "\"back\\slash\"");
  EXPECT_EQ(quote_identifier("日本語"), "\"日本語\"");
}

TEST(QuoteIdentifier, RejectsEmptyAndNul) {
  EXPECT_THROW(quote_identifier(""), std::invalid_argument);
  EXPECT_THROW(quote_identifier(std::string("a\0b", 3)), std::invalid_argument);
  EXPECT_THROW(quote_identifier(std::string(1, '\0')), std::invalid_argument);
}

TEST(QuoteIdentifier, EveryQuoteInsideIsDoubled) {
  // Between the outer quotes, quotes must come in pairs or the name would end early.
  const std::string quoted = quote_identifier("a\"b\"\"c\"");
  const std::string inner = quoted.substr(1, quoted.size() - 2);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '"') {
      ASSERT_LT(i + 1, inner.size());
      EXPECT_EQ(inner[i + 1], '"');
      ++i;
    }
  }
}

TEST(Conninfo, DisplayTargetNeverShowsThePassword) {
  const std::string target = conninfo_display_target(
      "host=db.example port=5433 dbname=etl user=loader password=secret123");
  EXPECT_EQ(target, "host=db.example port=5433 dbname=etl user=loader");
  const std::string from_uri =
      conninfo_display_target("postgresql://loader:secret123@db.example:5433/etl");
  EXPECT_EQ(from_uri, "host=db.example port=5433 dbname=etl user=loader");
}

TEST(Conninfo, ParseErrorsDoNotEchoTheInput) {
  try {
    conninfo_display_target("password=secret123 host");
    FAIL() << "expected a parse error";
  } catch (const std::exception& error) {
    EXPECT_EQ(std::string(error.what()).find("secret123"), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).find("host"), std::string::npos) << error.what();
  }
}

TEST(Conninfo, WithDatabaseReplacesDbnameForUrisAndKeywordStrings) {
  EXPECT_EQ(conninfo_with_database("postgresql:///pgdatahub?host=%2Ftmp%2Fs&port=5432", "x y"),
            "host='/tmp/s' port='5432' dbname='x y'");
  EXPECT_EQ(conninfo_with_database("dbname=a user=o'brien", "b"), "user='o\\'brien' dbname='b'");
  EXPECT_EQ(conninfo_with_database("", "b"), "dbname='b'");
}

TEST(Conninfo, ScrubRemovesPlainAndPercentEncodedSecrets) {
  EXPECT_EQ(detail::scrub("bad p@ss and p%40ss\nnext line", "p@ss"), "bad *** and *** next line");
  EXPECT_EQ(detail::scrub("nothing to hide", ""), "nothing to hide");
}

}  // namespace
}  // namespace pgdatahub::database
