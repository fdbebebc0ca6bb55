#pragma once
// A number cell of a binary workbook (.xls, .xlsb) shown with a date, time or
// duration format becomes a typed cell, with the same rules as .xlsx cells.
#include <pgdatahub/workbook/cell.hpp>
#include <pgdatahub/workbook/excel_date.hpp>
#include <pgdatahub/workbook/number_format.hpp>

namespace pgdatahub::workbook::xls {

// Sets `cell` to Number `serial`, or to the Date/DateTime/Time/Duration the
// format class makes of it; serials outside Excel's dates stay numbers.
void apply_serial(double serial, NumberClass number_class, DateSystem system, Cell& cell) noexcept;

}  // namespace pgdatahub::workbook::xls
