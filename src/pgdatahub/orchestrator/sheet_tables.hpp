#pragma once
// Where the sheets of a `sheets:` workbook go: one table with a source_sheet
// column, or (`table_per_sheet: true`) a table per sheet named after the
// folder's table and the sheet, cleaned as every table name is.
#include <pgdatahub/orchestrator/file_job.hpp>

#include <string>
#include <vector>

namespace pgdatahub::orchestrator {

// The table of each sheet, in the order given: the folder's table and the
// sheet's name joined and made an identifier (naming::table_name); a sheet
// whose name cleans to nothing is called by its position (sheet_2). Throws
// FileError(MissingSheet) when two sheets would share a table ("Q1", "q1").
std::vector<std::string> sheet_tables(const FileJob& job, const std::vector<std::string>& sheets);

// "A, B, C": several names on one line (etl_imports.sheet, the summary).
std::string joined_names(const std::vector<std::string>& names);

}  // namespace pgdatahub::orchestrator
