#include "support/database_fixture.hpp"

#include <fstream>
#include <thread>

namespace pgdatahub::test {

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  constexpr auto poll_interval = std::chrono::milliseconds(20);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(poll_interval);
  }
  return true;
}

bool DatabaseFixture::someone_waits_for_a_table_lock() {
  return eventually([this] {
    return scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") !=
           "0";
  });
}

void DatabaseFixture::write_file(const std::filesystem::path& relative,
                                 const std::string& bytes) const {
  std::filesystem::create_directories((data() / relative).parent_path());
  std::ofstream(data() / relative, std::ios::binary) << bytes;
}

std::filesystem::path DatabaseFixture::write_config(const std::string& text) const {
  auto path = m_dir.path() / "cfg.yaml";
  std::ofstream(path) << text;
  return path;
}

std::string DatabaseFixture::data_columns(const std::string& table) {
  return scalar(
      "SELECT coalesce(string_agg(column_name, ',' ORDER BY ordinal_position), '') "
      "FROM information_schema.columns WHERE table_name = $1 "
      "AND column_name NOT IN ('source_file', 'load_timestamp', 'etl_import_id', 'source_row', "
      "'source_sheet')",
      {table});
}

std::string DatabaseFixture::rows(const std::string& table, const std::string& columns) {
  return scalar("SELECT coalesce(string_agg(concat_ws('|', " + columns +
                "), E'\\n' ORDER BY source_file, source_row), '') FROM " + table);
}

}  // namespace pgdatahub::test
