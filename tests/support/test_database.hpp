#pragma once
// The PostgreSQL server the tests use: PGDATAHUB_TEST_DSN when set, else a
// private embedded cluster under the build directory, started on first use.
#include <string>

namespace pgdatahub::test {

// Conninfo of the test server (maintenance database); starts the embedded
// cluster when PGDATAHUB_TEST_DSN is not set.
std::string test_server_conninfo();

// The home of the embedded cluster the tests run on (PGDATAHUB_TEST_CLUSTER_HOME
// in the environment, else the build's); empty when PGDATAHUB_TEST_DSN names
// a server instead.
std::string test_cluster_home();

// A fresh, uniquely named database on the test server, dropped on destruction.
class ScratchDatabase {
 public:
  ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  ~ScratchDatabase();

  const std::string& name() const noexcept { return m_name; }
  // key=value conninfo of this database.
  const std::string& conninfo() const noexcept { return m_conninfo; }

 private:
  std::string m_server;
  std::string m_name;
  std::string m_conninfo;
};

}  // namespace pgdatahub::test
