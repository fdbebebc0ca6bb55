#pragma once
// Text into HTML: every name in the report comes from a folder, file, sheet
// or header and is hostile, so all of it goes through `escape`.
#include <cstdint>
#include <string>
#include <string_view>

namespace pgdatahub::report {

// Escapes & < > " ' and shows control characters as \xNN, so a name can
// neither open markup nor hide itself; valid for text and attribute values.
std::string escape(std::string_view text);

// 1234567 -> "1,234,567".
std::string grouped(std::int64_t number);

}  // namespace pgdatahub::report
