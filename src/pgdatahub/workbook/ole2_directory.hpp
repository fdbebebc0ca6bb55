#pragma once
// A minimal walk of an OLE2 compound file's directory: enough to list stream
// names (to tell an encrypted OOXML package from a BIFF workbook).
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace pgdatahub::workbook {

// Names of all directory entries (storages and streams), non-ASCII characters
// as '?'. Returns what it could read; never throws on damaged files.
std::vector<std::string> ole2_stream_names(std::span<const std::byte> bytes);

}  // namespace pgdatahub::workbook
