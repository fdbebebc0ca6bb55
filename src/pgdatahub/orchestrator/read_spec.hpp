#pragma once
// How a folder's files are read (sheet, header placement, column types, CSV
// options, locale keys), as readable settings and a short fingerprint
// recorded with each import. The same content read another way is another import: when the
// config changes how a loaded file is read, the next run reloads it.
#include <pgdatahub/config/etl_config.hpp>

#include <string>

namespace pgdatahub::orchestrator {

struct ReadSpec {
  std::string settings;     // "sheet=Export; header_row=4", only what is set
  std::string fingerprint;  // 16 hex digits of the settings' SHA-256
};

// A new read setting joins the fingerprint by one line in read_spec().
ReadSpec read_spec(const config::FolderConfig& folder);

// What changed between two settings texts: "sheet Notes -> Export,
// header_row (none) -> 4".
std::string describe_spec_change(const std::string& before, const std::string& after);

}  // namespace pgdatahub::orchestrator
