#include <pgdatahub/types/pg_type.hpp>

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace pgdatahub::types {
namespace {

constexpr std::array all_types = {PgType::Integer, PgType::BigInt,   PgType::Double,
                                  PgType::Boolean, PgType::Date,     PgType::Timestamp,
                                  PgType::Time,    PgType::Interval, PgType::Text};

using enum PgType;

// The whole join table, row by row in declaration order. Written out by hand
// so the lattice cannot drift unnoticed.
constexpr PgType I = Integer, B = BigInt, D = Double, L = Boolean, A = Date, S = Timestamp,
                 T = Time, V = Interval, X = Text;
constexpr std::array<std::array<PgType, 9>, 9> expected_join = {{
    //   I  B  D  L  A  S  T  V  X
    {{I, B, D, X, X, X, X, X, X}},  // Integer
    {{B, B, D, X, X, X, X, X, X}},  // BigInt
    {{D, D, D, X, X, X, X, X, X}},  // Double
    {{X, X, X, L, X, X, X, X, X}},  // Boolean
    {{X, X, X, X, A, S, X, X, X}},  // Date
    {{X, X, X, X, S, S, X, X, X}},  // Timestamp
    {{X, X, X, X, X, X, T, X, X}},  // Time
    {{X, X, X, X, X, X, X, V, X}},  // Interval
    {{X, X, X, X, X, X, X, X, X}},  // Text
}};

TEST(PgType, WidenMatchesTheTableForEveryPair) {
  for (std::size_t a = 0; a < all_types.size(); ++a) {
    for (std::size_t b = 0; b < all_types.size(); ++b) {
      EXPECT_EQ(widen(all_types[a], all_types[b]), expected_join[a][b])
          << sql_name(all_types[a]) << " v " << sql_name(all_types[b]);
    }
  }
}

TEST(PgType, WidenIsIdempotentCommutativeAndAssociative) {
  for (PgType a : all_types) {
    EXPECT_EQ(widen(a, a), a);
    for (PgType b : all_types) {
      EXPECT_EQ(widen(a, b), widen(b, a));
      for (PgType c : all_types) {
        EXPECT_EQ(widen(widen(a, b), c), widen(a, widen(b, c)));
      }
    }
  }
}

TEST(PgType, WidenIsAnUpperBoundAndTextIsTop) {
  for (PgType a : all_types) {
    EXPECT_TRUE(fits_in(a, Text));
    EXPECT_EQ(widen(a, Text), Text);
    for (PgType b : all_types) {
      EXPECT_TRUE(fits_in(a, widen(a, b)));
      EXPECT_TRUE(fits_in(b, widen(a, b)));
    }
  }
}

TEST(PgType, FitsInFollowsTheChains) {
  EXPECT_TRUE(fits_in(Integer, BigInt));
  EXPECT_TRUE(fits_in(Integer, Double));
  EXPECT_TRUE(fits_in(BigInt, Double));
  EXPECT_TRUE(fits_in(Date, Timestamp));
  EXPECT_FALSE(fits_in(BigInt, Integer));
  EXPECT_FALSE(fits_in(Double, BigInt));
  EXPECT_FALSE(fits_in(Timestamp, Date));
  EXPECT_FALSE(fits_in(Text, Integer));
  EXPECT_FALSE(fits_in(Boolean, Integer));
  EXPECT_FALSE(fits_in(Time, Interval));
  EXPECT_FALSE(fits_in(Interval, Time));
  EXPECT_FALSE(fits_in(Date, Double));
  EXPECT_FALSE(fits_in(Time, Timestamp));
}

TEST(PgType, SqlNames) {
  EXPECT_EQ(sql_name(Integer), "integer");
  EXPECT_EQ(sql_name(BigInt), "bigint");
  EXPECT_EQ(sql_name(Double), "double precision");
  EXPECT_EQ(sql_name(Boolean), "boolean");
  EXPECT_EQ(sql_name(Date), "date");
  EXPECT_EQ(sql_name(Timestamp), "timestamp");
  EXPECT_EQ(sql_name(Time), "time");
  EXPECT_EQ(sql_name(Interval), "interval");
  EXPECT_EQ(sql_name(Text), "text");
}

TEST(PgType, ParseReadsItsOwnSqlNames) {
  for (PgType type : all_types) EXPECT_EQ(parse_sql_type(sql_name(type)), type);
}

TEST(PgType, ParseReadsFormatTypeOutput) {
  EXPECT_EQ(parse_sql_type("integer"), Integer);
  EXPECT_EQ(parse_sql_type("bigint"), BigInt);
  EXPECT_EQ(parse_sql_type("double precision"), Double);
  EXPECT_EQ(parse_sql_type("boolean"), Boolean);
  EXPECT_EQ(parse_sql_type("date"), Date);
  EXPECT_EQ(parse_sql_type("timestamp without time zone"), Timestamp);
  EXPECT_EQ(parse_sql_type("time without time zone"), Time);
  EXPECT_EQ(parse_sql_type("interval"), Interval);
  EXPECT_EQ(parse_sql_type("text"), Text);
  EXPECT_EQ(parse_sql_type("character varying"), Text);
}

TEST(PgType, ParseReadsConfigSpellings) {
  EXPECT_EQ(parse_sql_type("int"), Integer);
  EXPECT_EQ(parse_sql_type("int4"), Integer);
  EXPECT_EQ(parse_sql_type("int8"), BigInt);
  EXPECT_EQ(parse_sql_type("float8"), Double);
  EXPECT_EQ(parse_sql_type("float"), Double);
  EXPECT_EQ(parse_sql_type("double"), Double);
  EXPECT_EQ(parse_sql_type("bool"), Boolean);
  EXPECT_EQ(parse_sql_type("timestamp"), Timestamp);
  EXPECT_EQ(parse_sql_type("datetime"), Timestamp);
  EXPECT_EQ(parse_sql_type("time"), Time);
  EXPECT_EQ(parse_sql_type("string"), Text);
  EXPECT_EQ(parse_sql_type("varchar"), Text);
}

TEST(PgType, ParseIgnoresCaseAndWhitespace) {
  EXPECT_EQ(parse_sql_type("  INTEGER "), Integer);
  EXPECT_EQ(parse_sql_type("Double   Precision"), Double);
  EXPECT_EQ(parse_sql_type("\ttimestamp\nwithout  time zone "), Timestamp);
  EXPECT_EQ(parse_sql_type("DateTime"), Timestamp);
}

TEST(PgType, ParseRejectsTypesOutsideTheLattice) {
  for (const char* text : {"",
                           " ",
                           "real",
                           "float4",
                           "smallint",
                           "int2",
                           "numeric",
                           "numeric(10,2)",
                           "jsonb",
                           "character varying(10)",
                           "varchar(255)",
                           "character(1)",
                           "char",
                           "timestamp(3)",
                           "timestamp with time zone",
                           "timestamptz",
                           "time with time zone",
                           "uuid",
                           "bytea",
                           "integer[]",
                           "doubleprecision",
                           "int 4",
                           "text text",
                           "a very long type name that is longer than any spelling"}) {
    EXPECT_EQ(parse_sql_type(text), std::nullopt) << '"' << text << '"';
  }
}

}  // namespace
}  // namespace pgdatahub::types
