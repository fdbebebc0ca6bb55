#pragma once
// Expectations on the JSON that --json and etl.log's JSON lines share
// (docs/json.md).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace pgdatahub::test {

// `change`, a schema change object, widened table.column from `old_type`
// to `new_type`.
inline void expect_widening(const nlohmann::json& change, const std::string& table,
                            const std::string& column, const std::string& old_type,
                            const std::string& new_type) {
  EXPECT_EQ(change["change"], "alter_type") << change.dump();
  EXPECT_EQ(change["table"], table);
  EXPECT_EQ(change["column"], column);
  EXPECT_EQ(change["old_type"], old_type);
  EXPECT_EQ(change["new_type"], new_type);
}

// Each file's status in a run's --json output, "file=status" joined by ','
// in the summary's order.
inline std::string file_statuses(const std::string& json_out) {
  const auto summary = nlohmann::json::parse(json_out);
  std::string out;
  for (const auto& file : summary["files"]) {
    out += (out.empty() ? "" : ",") + file["file"].get<std::string>() + "=" +
           file["status"].get<std::string>();
  }
  return out;
}

}  // namespace pgdatahub::test
