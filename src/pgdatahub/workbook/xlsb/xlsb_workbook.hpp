#pragma once
// Excel binary workbooks (.xlsb): a zip of binary record parts.
#include <pgdatahub/workbook/workbook.hpp>

#include <memory>
#include <span>
#include <string>

namespace pgdatahub::workbook::xlsb {

// Throws FileError: Corrupt, Truncated, ResourceLimit (zip bombs), Encrypted.
std::unique_ptr<Workbook> open_xlsb_workbook(std::span<const std::byte> bytes,
                                             const std::string& name_hint,
                                             const OpenOptions& options = {});

}  // namespace pgdatahub::workbook::xlsb
