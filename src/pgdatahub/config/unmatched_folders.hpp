#pragma once
// A folder key in the config that names no folder under DATA_DIR is most
// often a typo or a renamed folder; its settings would silently apply to
// nothing, so the run warns and names the folder it probably meant.
#include <pgdatahub/config/etl_config.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace pgdatahub::config {

// One line per unmatched key, e.g. "config key 'salse' matches no folder
// under DATA_DIR (did you mean 'sales'?)". A key under an unmatched key is
// not named again.
std::vector<std::string> unmatched_folder_warnings(const EtlConfig& config,
                                                   const std::filesystem::path& data_dir);

}  // namespace pgdatahub::config
