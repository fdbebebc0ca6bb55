#pragma once
// Flags shared by the commands, and how they become Settings: defaults, then
// the config file, then the environment, then the flags.
#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/config/settings.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace pgdatahub::cli {

// Exit codes, as the README documents them.
inline constexpr int exit_ok = 0;
inline constexpr int exit_some_failed = 1;
inline constexpr int exit_cannot_run = 2;
inline constexpr int exit_stopped = 3;

struct CommonOptions {
  std::string config_path;  // --config; default config/etl_config.yaml when it exists
  std::string database_url;
  std::string pgdata;
  bool json = false;
};

void add_common_options(CLI::App& command, CommonOptions& options);

struct LoadedConfig {
  config::EtlConfig etl;
  config::Settings settings;
};

// Reads the config file and the environment, then applies the common flags.
LoadedConfig load_config(const CommonOptions& options);

}  // namespace pgdatahub::cli
