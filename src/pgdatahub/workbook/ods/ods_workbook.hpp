#pragma once
// OpenDocument spreadsheets: .ods (content.xml in a zip) and flat .fods.
#include <pgdatahub/workbook/workbook.hpp>

#include <memory>
#include <span>
#include <string>

namespace pgdatahub::workbook::ods {

// Throws FileError: Encrypted (manifest encryption-data), Corrupt, Truncated,
// ResourceLimit (zip bomb, repeats expanding beyond reason).
std::unique_ptr<Workbook> open_ods_workbook(std::span<const std::byte> bytes,
                                            const std::string& name_hint,
                                            const OpenOptions& options = {});

// A flat OpenDocument spreadsheet: the whole document is one XML file.
std::unique_ptr<Workbook> open_fods_workbook(std::span<const std::byte> bytes,
                                             const std::string& name_hint,
                                             const OpenOptions& options = {});

}  // namespace pgdatahub::workbook::ods
