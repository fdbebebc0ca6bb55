#pragma once
// Randomised tests draw from one seed, printed, so that a failure can be
// replayed: PGDATAHUB_TEST_SEED=N runs the test again with the seed N.
#include <string>

namespace pgdatahub::test {

// PGDATAHUB_TEST_SEED when it is set, else a fresh seed. Prints
// "<what> seed N (set PGDATAHUB_TEST_SEED=N to replay)" and records it in the
// test's XML output.
unsigned test_seed(const std::string& what);

}  // namespace pgdatahub::test
