#include <pgdatahub/core/printable.hpp>

#include <gtest/gtest.h>

namespace pgdatahub {
namespace {

TEST(Printable, LeavesOrdinaryNamesAndUtf8Alone) {
  EXPECT_EQ(printable("sales/2024 März.xlsx"), "sales/2024 März.xlsx");
  EXPECT_EQ(printable(""), "");
}

TEST(Printable, EscapesNewlinesSoANameCannotForgeALine) {
  EXPECT_EQ(printable("a.csv\nloaded    b.csv -> b (999 rows)"),
            "a.csv\\nloaded    b.csv -> b (999 rows)");
  EXPECT_EQ(printable("x\r\ty"), "x\\r\\ty");
}

TEST(Printable, EscapesTerminalSequencesAndOtherControls) {
  EXPECT_EQ(printable("\x1b]0;owned\x07"), "\\x1b]0;owned\\x07");
  EXPECT_EQ(printable(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(printable("\x7f"), "\\x7f");
  EXPECT_EQ(printable("\xc2\x9b"
                      "2J"),
            "\\u009b2J");                        // C1 CSI
  EXPECT_EQ(printable("\xc2\xa0"), "\xc2\xa0");  // no-break space is not a control
}

TEST(Printable, DoublesTheBackslashSoEscapesAreUnambiguous) {
  EXPECT_EQ(printable("a\\nb"), "a\\\\nb");
}

}  // namespace
}  // namespace pgdatahub
