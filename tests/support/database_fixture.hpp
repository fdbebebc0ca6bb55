#pragma once
// What the suites that run the program against a database share: a scratch
// database, a scratch folder with DATA_DIR at data/, a connection to read
// results, and the program run there with DATABASE_URL set.
#include "support/queries.hpp"
#include "support/run_program.hpp"
#include "support/test_database.hpp"
#include "support/xlsx_builder.hpp"
#include <pgdatahub/database/connection.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace pgdatahub::test {

class DatabaseFixture : public ::testing::Test {
 protected:
  ScratchDatabase m_database;
  TempDir m_dir;
  database::Connection m_conn = database::Connection::open(m_database.conninfo());

  // DATA_DIR of etl(); the folder itself is created by whoever writes into it.
  std::filesystem::path data() const { return m_dir.path() / "data"; }

  // Variables every program of the suite gets (a suite sets them in its
  // constructor), under those a call passes.
  std::map<std::string, std::string> m_suite_env;

  // `extra` with DATABASE_URL of the scratch database and m_suite_env added.
  std::map<std::string, std::string> env(std::map<std::string, std::string> extra = {}) const {
    extra.emplace("DATABASE_URL", m_database.conninfo());
    for (const auto& [name, value] : m_suite_env) extra.emplace(name, value);
    return extra;
  }

  // pgdatahub `args`, run in the scratch folder.
  ProgramResult pgdatahub(const std::vector<std::string>& args,
                          std::map<std::string, std::string> vars = {}) const {
    return run_pgdatahub(args, env(std::move(vars)), m_dir.path().string());
  }

  // pgdatahub etl data/ `extra`.
  ProgramResult etl(const std::vector<std::string>& extra = {},
                    std::map<std::string, std::string> vars = {}) const {
    std::vector<std::string> args{"etl", data().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return pgdatahub(args, std::move(vars));
  }

  std::string scalar(const std::string& sql, const std::vector<database::Param>& params = {}) {
    return test::scalar(m_conn, sql, params);
  }

  std::string column_type(const std::string& table, const std::string& column) {
    return test::column_type(m_conn, table, column);
  }

  // Writes `bytes` to data()/`relative`, creating its folders.
  void write_file(const std::filesystem::path& relative, const std::string& bytes) const;

  // Writes `text` as the scratch folder's cfg.yaml and returns its path.
  std::filesystem::path write_config(const std::string& text) const;

  // pgdatahub etl data/ --config cfg.yaml `extra`, cfg.yaml holding `config`.
  ProgramResult etl_with(const std::string& config, std::vector<std::string> extra = {}) const {
    extra.insert(extra.begin(), {"--config", write_config(config).string()});
    return etl(extra);
  }

  // The table's columns in order, without the metadata columns, comma-separated.
  std::string data_columns(const std::string& table);

  // Every row of `columns` (an SQL list) as "a|b|c" lines, in file and sheet order.
  std::string rows(const std::string& table, const std::string& columns);

  // True once some session waits for an advisory lock (a load or revert
  // queued behind another on the same table's lock); false after 20 s.
  bool someone_waits_for_a_table_lock();
};

// Asks `condition` every few milliseconds until it holds: what a test awaits
// instead of sleeping for a guessed time. False when `limit` passes first.
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds limit = std::chrono::seconds(20));

}  // namespace pgdatahub::test
