#pragma once
// What `etl` and `resume` share: discover, connect, plan, load with the pause
// file kept in step, print the summary, and choose the exit code.
#include <optional>
#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/pause/pause_file.hpp>
#include <string>

namespace pgdatahub::cli {

struct LoadRequest {
  config::Settings settings;
  config::EtlConfig etl;
  std::string config_path;  // recorded in the pause file; empty when none
  std::string data_dir;
  bool json = false;
  std::optional<pause::PauseState> resumed;  // set by `resume`: the run it continues
};

// Returns the exit code: ok, some failed, or stopped (the pause file then
// says how to continue).
int run_load(const LoadRequest& request);

}  // namespace pgdatahub::cli
