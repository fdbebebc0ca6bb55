// Any bytes as .etl_pause.json: read as `pgdatahub resume` reads it (JSON,
// then the fields), they either give a pause state or fail with
// ConfigError; a state read back must survive its own round trip.
#include <pgdatahub/core/error.hpp>
#include <pgdatahub/pause/pause_file.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pgdatahub::pause;
  const auto parsed = nlohmann::json::parse(data, data + size, nullptr, false);
  if (parsed.is_discarded()) {
    return 0;  // try_read_pause_file turns a JSON syntax error into ConfigError
  }
  try {
    const PauseState state = from_json(parsed, "fuzz.json");
    const PauseState again = from_json(to_json(state), "round trip");
    if (to_json(again) != to_json(state)) {
      std::abort();  // resume would not continue what was paused
    }
  } catch (const pgdatahub::ConfigError&) {
  }
  return 0;
}
