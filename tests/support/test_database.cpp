#include "support/test_database.hpp"

#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/conninfo.hpp>
#include <pgdatahub/database/embedded_cluster.hpp>
#include <pgdatahub/database/quote.hpp>

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <random>

namespace pgdatahub::test {
namespace {

std::string make_unique_name() {
  static std::atomic<unsigned> counter{0};
  std::random_device entropy;
  return "pgdatahub_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(entropy() % 1000000U);
}

}  // namespace

std::string test_cluster_home() {
  if (const char* dsn = std::getenv("PGDATAHUB_TEST_DSN"); dsn != nullptr && *dsn != '\0')
    return "";
  // scripts/test --postgres N runs the suite on other server versions, each
  // in a cluster home of its own.
  const char* home = std::getenv("PGDATAHUB_TEST_CLUSTER_HOME");
  return home != nullptr && *home != '\0' ? home : PGDATAHUB_TEST_CLUSTER_HOME;
}

std::string test_server_conninfo() {
  static std::once_flag once;
  static std::string conninfo;
  std::call_once(once, [] {
    if (const char* dsn = std::getenv("PGDATAHUB_TEST_DSN"); dsn != nullptr && *dsn != '\0') {
      conninfo = dsn;
      return;
    }
    database::EmbeddedCluster cluster(test_cluster_home());
    cluster.ensure_started();
    conninfo = cluster.connection_uri();
  });
  return conninfo;
}

ScratchDatabase::ScratchDatabase()
    : m_server(test_server_conninfo()),
      m_name(make_unique_name()),
      m_conninfo(database::conninfo_with_database(m_server, m_name)) {
  auto admin = database::Connection::open(m_server);
  admin.exec("CREATE DATABASE " + database::quote_identifier(m_name));
}

ScratchDatabase::~ScratchDatabase() {
  try {
    auto admin = database::Connection::open(m_server);
    admin.exec("DROP DATABASE IF EXISTS " + database::quote_identifier(m_name) + " WITH (FORCE)");
  } catch (...) {
    // A leftover test database is harmless; failing a destructor is not.
  }
}

}  // namespace pgdatahub::test
