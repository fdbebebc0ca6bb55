#pragma once
// A number cell shown with a date, time or duration format becomes a typed
// cell. One rule for .xlsx, .xlsb and .xls, so a value reads the same whichever
// format carried it.
#include <pgdatahub/workbook/cell.hpp>
#include <pgdatahub/workbook/excel_date.hpp>
#include <pgdatahub/workbook/number_format.hpp>

namespace pgdatahub::workbook {

// Sets `cell` to Number `serial`, or to the Date/DateTime/Time/Duration the
// format class makes of it (a time format over 1 to 60 days, before Excel's
// real calendar starts: a Duration);
// negative serials and serials outside Excel's dates stay numbers. Callers
// pass NumberFormat::class_for(serial), so the value picks its section first.
void apply_serial(double serial, NumberClass number_class, DateSystem system, Cell& cell) noexcept;

}  // namespace pgdatahub::workbook
