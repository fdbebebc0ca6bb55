#include "support/test_seed.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <random>
#include <stdexcept>

namespace pgdatahub::test {

unsigned test_seed(const std::string& what) {
  unsigned seed = 0;
  if (const char* text = std::getenv("PGDATAHUB_TEST_SEED"); text != nullptr && *text != '\0') {
    try {
      seed = static_cast<unsigned>(std::stoul(text));
    } catch (const std::exception&) {
      throw std::invalid_argument("PGDATAHUB_TEST_SEED must be a number, not '" +
                                  std::string(text) + "'");
    }
  } else {
    seed = std::random_device{}();
  }
  std::cout << what << " seed " << seed << " (set PGDATAHUB_TEST_SEED=" << seed << " to replay)\n";
  ::testing::Test::RecordProperty("seed", std::to_string(seed));
  return seed;
}

}  // namespace pgdatahub::test
