#pragma once
// The pause file is input, not authority: anyone who can write a file where
// `resume` looks could plant one. So it may only narrow what the invocation
// allows. The database is resolved without it (and check_database compares);
// these say whether its folder and its configuration file are the ones the
// user would get anyway, and refuse, naming what differs, when they are not.
#include <pgdatahub/pause/pause_file.hpp>

#include <filesystem>
#include <string>

namespace pgdatahub::pause {

// The folder `resume` loads. `named` is DATA_DIR as the user gave it (the
// argument or the DATA_DIR variable; empty when neither): then it must be the
// paused run's. Without it, the paused run's folder is taken only when it
// lies inside the folder that holds `pause_file`, the tree the file belongs
// to; a pause file naming a folder elsewhere is refused. Throws ConfigError.
std::string resume_data_dir(const PauseState& state, const std::filesystem::path& pause_file,
                            const std::filesystem::path& named);

// Refuses (ConfigError) a paused run whose configuration file is not the one
// this invocation reads (`config_path`: --config, else the default file;
// empty when none), so a pause file cannot bring in settings, such as a
// database_url, that the user did not choose.
void check_config_path(const PauseState& state, const std::string& config_path);

}  // namespace pgdatahub::pause
