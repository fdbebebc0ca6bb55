// The keys an unknown-key message lists are the keys the config accepts:
// both come from one list, so a key added to the parser cannot be missing
// from the message (database_url once was) nor a listed key be refused.
#include <pgdatahub/config/etl_config.hpp>
#include <pgdatahub/core/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace pgdatahub {
namespace {

std::string message_of(const std::string& yaml) {
  try {
    config::EtlConfig::parse(yaml, "cfg.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "accepted";
}

// "... (a folder takes a, b, c, or a subfolder mapping)" -> {a, b, c}.
std::vector<std::string> listed_keys(const std::string& message, const std::string& opening,
                                     const std::string& closing) {
  const auto begin = message.find(opening);
  const auto end = message.rfind(closing);
  if (begin == std::string::npos || end == std::string::npos || end < begin) return {};
  std::stringstream list(message.substr(begin + opening.size(), end - begin - opening.size()));
  std::vector<std::string> keys;
  for (std::string key; std::getline(list, key, ',');) {
    keys.push_back(key.substr(key.find_first_not_of(' ')));
  }
  return keys;
}

TEST(ConfigKeys, EveryFolderKeyTheMessageListsIsAccepted) {
  const auto keys = listed_keys(message_of("sales:\n  shet: Data\n"), "(a folder takes ",
                                ", or a subfolder mapping)");
  ASSERT_GE(keys.size(), 20U) << message_of("sales:\n  shet: Data\n");
  for (const auto& key : keys) {
    EXPECT_EQ(message_of("sales:\n  " + key + ": x\n").find("unknown setting"), std::string::npos)
        << key;
  }
  for (const std::string key : {"skip_footer", "null_values", "transform", "password_file"}) {
    EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << key;
  }
}

TEST(ConfigKeys, EveryTopLevelKeyTheMessageListsIsAccepted) {
  const std::string message = message_of("chunk_sise: 10\n");
  EXPECT_NE(message.find("(did you mean chunk_size?)"), std::string::npos) << message;
  const auto keys = listed_keys(message, "(expected ", ", or a folder mapping)");
  ASSERT_GE(keys.size(), 20U) << message;
  for (const auto& key : keys) {
    EXPECT_EQ(message_of(key + ": x\n").find("unknown setting"), std::string::npos) << key;
  }
  for (const std::string key :
       {"database_url", "default_header_row", "default_decimal", "source"}) {
    EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << key;
  }
}

}  // namespace
}  // namespace pgdatahub
