#pragma once
// Workbooks that several suites write: a sheet from a header and rows, a
// column of quantities, and numbered items (also as a CSV text). Each writes `file`, creating its
// folders, with one sheet named Sheet1 whose header is on row 1.
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace pgdatahub::test {

// A date cell, shown yyyy-mm-dd.
struct SheetDate {
  int year = 1900, month = 1, day = 1;
};
// A cell of write_sheet: none, a number, a text or a date.
using SheetValue = std::variant<std::monostate, double, std::string, SheetDate>;

// `headers` on row 1 and `rows` below them.
void write_sheet(const std::filesystem::path& file, const std::vector<std::string>& headers,
                 const std::vector<std::vector<SheetValue>>& rows);

struct QtyBook {
  std::uint32_t rows = 3;
  double first = 0;       // row r holds first + r
  bool decimals = false;  // each value + 0.5: qty widens from integer
  bool note = false;      // a second column, note, of n1, n2, ...: a column added
};

// A `qty` column of `rows` values.
void write_qty_book(const std::filesystem::path& file, const QtyBook& spec);

enum class ItemsDrift {
  none,
  text_amount,  // the middle row's amount is n/a: Amount widens to text
  note_column,  // a fourth column, Note: a column added
};

struct ItemsBook {
  int rows = 3;
  int first_id = 1;
  double amount_step = 3;  // row i's amount is i * amount_step
  ItemsDrift drift = ItemsDrift::none;
};

// Id, Name ("item ID") and Amount: `rows` rows with ids from first_id.
void write_items_book(const std::filesystem::path& file, const ItemsBook& spec);

// The same three columns as a CSV text, lower case (id,name,amount): `rows`
// rows with ids from `first_id`, row i's amount i * 3; when `text_at` is a
// row index, that row's amount is n/a, which widens amount to text.
std::string items_csv(int rows, int first_id, int text_at = -1);

}  // namespace pgdatahub::test
