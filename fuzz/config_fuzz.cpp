// Any text as config/etl_config.yaml (YAML or JSON): parsing, resolving a
// folder and applying the settings either work or fail with ConfigError.
#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/config/settings.hpp>
#include <pgdatahub/core/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto config = pgdatahub::config::EtlConfig::parse(text, "fuzz.yaml");
    // Folders the fuzzer's favourite keys are likely to name.
    for (const std::vector<std::string>& folder :
         {std::vector<std::string>{}, {"sales"}, {"sales", "emea"}, {"a", "b", "c"}}) {
      config.resolve(folder);
    }
    pgdatahub::config::Settings settings;
    config.apply_settings(settings);
  } catch (const pgdatahub::ConfigError&) {
  }
  return 0;
}
