#pragma once
// Renders rows as short strings ("2 B=n:1.5 C=t:abc"), so tests compare whole
// sheets, and sheets read from different formats, with one EXPECT_EQ.
#include <pgdatahub/workbook/workbook.hpp>

#include <string>
#include <vector>

namespace pgdatahub::test {

// One cell as "n:1.5", "t:abc", "b:1", "e:#N/A", "d:2024-03-01",
// "dt:2024-03-01 13:45:00", "tm:13:45:00", "du:<micros>".
std::string describe_cell(const workbook::Cell& cell);

// Every remaining row of `reader`, one string per row.
std::vector<std::string> dump_rows(workbook::SheetReader& reader);

// Opens every sheet of `book` and dumps it, sheet name first.
std::vector<std::string> dump_workbook(workbook::Workbook& book);

}  // namespace pgdatahub::test
