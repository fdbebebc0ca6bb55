// Which files a run takes: include/exclude globs, and the workbook an
// Office or LibreOffice lock file stands for.
#include <pgdatahub/discovery/discovery.hpp>
#include <pgdatahub/discovery/file_filter.hpp>

#include <gtest/gtest.h>

namespace pgdatahub::discovery {
namespace {

TEST(FileFilterTest, AGlobWithASlashMatchesThePathAndOneWithoutTheFileName) {
  EXPECT_TRUE(glob_matches("*.csv", "sales/emea/a.csv"));
  EXPECT_FALSE(glob_matches("sales/*.csv", "hr/a.csv"));
  EXPECT_TRUE(glob_matches("sales/*.csv", "sales/a.csv"));
  EXPECT_TRUE(glob_matches("2024-0?.xlsx", "sales/2024-03.xlsx"));
  EXPECT_FALSE(glob_matches("2024-*", "2024/sales.xlsx"));  // the name is sales.xlsx
  EXPECT_TRUE(glob_matches("[ab].xlsx", "x/b.xlsx"));
}

TEST(FileFilterTest, AFileNeedsAnIncludeWhenThereIsOneAndNoExclude) {
  EXPECT_TRUE(selected({}, {}, "sales/a.xlsx"));
  EXPECT_TRUE(selected({"*.xlsx"}, {}, "sales/a.xlsx"));
  EXPECT_FALSE(selected({"*.csv"}, {}, "sales/a.xlsx"));
  EXPECT_FALSE(selected({"*.xlsx"}, {"a.*"}, "sales/a.xlsx"));
  EXPECT_TRUE(selected({"*.csv", "a.*"}, {"hr/*"}, "sales/a.xlsx"));
}

TEST(FileFilterTest, LockFilesNameTheWorkbookTheyStandFor) {
  EXPECT_EQ(locked_workbook("~$Book1.xlsx"), "Book1.xlsx");
  EXPECT_EQ(locked_workbook(".~lock.Book1.xlsx#"), "Book1.xlsx");
  EXPECT_EQ(locked_workbook("~$"), "");
  EXPECT_EQ(locked_workbook(".~lock.#"), "");
  EXPECT_EQ(locked_workbook(".~lock.Book1.xlsx"), "");
  EXPECT_EQ(locked_workbook("Book1.xlsx"), "");
}

}  // namespace
}  // namespace pgdatahub::discovery
