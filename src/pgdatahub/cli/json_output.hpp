#pragma once
// The one JSON contract of every `--json` output (docs/json.md): each command
// prints one document carrying "format" and "command", times in ISO 8601 UTC
// ending in Z, schema changes as objects, and failures as {"error": ...} on
// stdout with the same exit codes as the text output.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace pgdatahub::cli {

// Raised when a document changes in a way a consumer must notice (a field
// removed or its meaning changed); new fields do not raise it.
inline constexpr int json_format = 1;

// Prints `body` (an object) with "format" and "command" first, then a newline.
void print_json(std::string_view command, const nlohmann::json& body);

// A failure of the whole command, for --json: {"error": {"kind", "message", "hint"}}.
void print_json_error(std::string_view command, std::string_view kind, const std::string& message,
                      std::string_view hint);

// "YYYY-MM-DD HH:MM:SS" in UTC, as the ledger queries return it, as
// "YYYY-MM-DDTHH:MM:SSZ"; none is null.
nlohmann::json iso_utc(const std::optional<std::string>& ledger_time);

}  // namespace pgdatahub::cli
