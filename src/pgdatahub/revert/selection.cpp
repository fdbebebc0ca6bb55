#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/ledger/ledger_queries.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/revert/selection.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace pgdatahub::revert {
namespace {

constexpr std::size_t min_hash_prefix = 6;
constexpr std::size_t sha256_hex_digits = 64;

constexpr const char* import_columns =
    "id, table_name, source_file, file_sha256, row_count, "
    "to_char(imported_at, 'YYYY-MM-DD HH24:MI:SS'), status";
constexpr int status_column = 6;

ImportRef to_ref(const database::Result& result, int row) {
  return ImportRef{result.int64(row, 0),
                   std::string(result.text(row, 1)),
                   std::string(result.text(row, 2)),
                   std::string(result.text(row, 3)),
                   result.int64(row, 4),
                   std::string(result.text(row, 5))};
}

bool is_in_force(const database::Result& result, int row) {
  return ledger::in_force(result.text(row, status_column));
}

std::vector<ImportRef> by_import(database::Connection& conn, const std::string& value,
                                 const std::string& schema) {
  if (value.empty() ||
      !std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); }) ||
      value.size() > 18) {
    throw ConfigError(fmt::format("--import takes an import id (a number), not '{}'", value));
  }
  auto result =
      conn.exec(fmt::format("SELECT {} FROM public.etl_imports WHERE id = $1 AND schema_name = $2",
                            import_columns),
                {value, schema});
  if (result.rows() == 0) {
    throw Error(
        fmt::format("no import with id {} in schema {}: `pgdatahub history` lists the imports "
                    "(--schema names another schema; an import still loading is not listed "
                    "until it commits)",
                    value, printable(schema)));
  }
  if (result.text(0, status_column) == ledger::status_failed) {
    throw Error(fmt::format(
        "import {} failed: none of its rows were loaded, so there is nothing to revert", value));
  }
  if (!is_in_force(result, 0)) throw Error(fmt::format("import {} is already reverted", value));
  return {to_ref(result, 0)};
}

std::vector<ImportRef> by_hash(database::Connection& conn, std::string value,
                               const std::string& schema) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (value.size() < min_hash_prefix || value.size() > sha256_hex_digits ||
      !std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isxdigit(c); })) {
    throw ConfigError(
        fmt::format("--hash takes a SHA-256 in hex (at least its first {} digits), not '{}'",
                    min_hash_prefix, value));
  }
  auto result = conn.exec(
      fmt::format("SELECT {} FROM public.etl_imports WHERE left(file_sha256, $2::int) = $1 "
                  "AND status <> $3 AND schema_name = $4 ORDER BY id",
                  import_columns),
      {value, std::to_string(value.size()), std::string(ledger::status_failed), schema});
  if (result.rows() == 0) throw Error(fmt::format("no import of a file with hash {}", value));
  std::set<std::string> hashes;
  std::vector<ImportRef> loaded;
  for (int row = 0; row < result.rows(); ++row) {
    hashes.insert(std::string(result.text(row, 3)));
    if (is_in_force(result, row)) loaded.push_back(to_ref(result, row));
  }
  if (hashes.size() > 1) {
    throw Error(fmt::format("hash prefix {} matches {} different files: give more digits", value,
                            hashes.size()));
  }
  if (loaded.empty()) throw Error(fmt::format("the file with hash {} is already reverted", value));
  return loaded;
}

std::string normalized_path(std::string path) {
  while (path.starts_with("./")) path.erase(0, 2);
  return path;
}

std::vector<ImportRef> by_file(database::Connection& conn, const Selection& selection) {
  const std::string path = normalized_path(selection.value);
  auto result = conn.exec(fmt::format("SELECT {} FROM public.etl_imports WHERE {} AND status <> $2 "
                                      "AND schema_name = $3 ORDER BY id",
                                      import_columns, ledger::path_matches_sql("source_file", 1)),
                          {path, std::string(ledger::status_failed), selection.schema});
  if (result.rows() == 0) {
    throw Error(
        fmt::format("no import of a file named {}: `pgdatahub history` lists the files, by "
                    "their path relative to DATA_DIR",
                    path));
  }
  // An exact name wins over a tail match; among tails, the longest.
  std::size_t best = 0;
  for (int row = 0; row < result.rows(); ++row) {
    const auto name = result.text(row, 2);
    best = std::max(best, name == path ? std::string::npos : name.size());
  }
  // Latest loaded version per (table, path) unless every version is wanted.
  std::map<std::pair<std::string, std::string>, std::vector<ImportRef>> versions;
  bool any = false;
  for (int row = 0; row < result.rows(); ++row) {
    const auto name = result.text(row, 2);
    const std::size_t rank = name == path ? std::string::npos : name.size();
    if (rank != best) continue;
    any = true;
    if (!is_in_force(result, row)) continue;
    auto ref = to_ref(result, row);
    versions[{ref.table, ref.source_file}].push_back(std::move(ref));
  }
  std::vector<ImportRef> chosen;
  for (auto& [key, list] : versions) {
    if (selection.all_versions) {
      chosen.insert(chosen.end(), list.begin(), list.end());
    } else {
      chosen.push_back(list.back());
    }
  }
  if (any && chosen.empty())
    throw Error(fmt::format("every import of {} is already reverted", path));
  std::sort(chosen.begin(), chosen.end(),
            [](const ImportRef& a, const ImportRef& b) { return a.id < b.id; });
  return chosen;
}

std::vector<ImportRef> by_table(database::Connection& conn, const Selection& selection) {
  auto known = conn.exec(
      "SELECT 1 FROM public.etl_imports WHERE table_name = $1 AND schema_name = $2 LIMIT 1",
      {selection.value, selection.schema});
  if (known.rows() == 0) {
    throw Error(fmt::format("no import into a table named {} in schema {}", selection.value,
                            printable(selection.schema)));
  }
  std::string sql = fmt::format(
      "SELECT {} FROM public.etl_imports WHERE table_name = $1 AND {} AND schema_name = $4",
      import_columns, ledger::in_force_sql(2));
  std::vector<database::Param> params{selection.value, std::string(ledger::status_loaded),
                                      std::string(ledger::status_empty), selection.schema};
  if (selection.since) {
    try {
      conn.exec("SAVEPOINT pgdatahub_since");
      conn.exec("SELECT $1::timestamptz", {*selection.since});
      conn.exec("RELEASE SAVEPOINT pgdatahub_since");
    } catch (const database::DatabaseError&) {
      conn.exec("ROLLBACK TO SAVEPOINT pgdatahub_since");
      throw ConfigError(
          fmt::format("--since takes an ISO time such as 2024-05-01 or "
                      "2024-05-01T09:30:00+02:00, not '{}'",
                      *selection.since));
    }
    sql += " AND imported_at >= ($5::timestamptz AT TIME ZONE 'UTC')";
    params.push_back(*selection.since);
  }
  auto result = conn.exec(sql + " ORDER BY id", params);
  if (result.rows() == 0) {
    throw Error(fmt::format("nothing to revert: table {} has no loaded import{}", selection.value,
                            selection.since ? " since " + *selection.since : std::string()));
  }
  std::vector<ImportRef> chosen;
  chosen.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) chosen.push_back(to_ref(result, row));
  return chosen;
}

}  // namespace

std::string id_array(const std::vector<std::int64_t>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i == 0 ? "" : ",") + std::to_string(ids[i]);
  return out + "}";
}

std::vector<ImportRef> select_imports(database::Connection& conn, const Selection& selection) {
  switch (selection.by) {
    case SelectBy::Import:
      return by_import(conn, selection.value, selection.schema);
    case SelectBy::Hash:
      return by_hash(conn, selection.value, selection.schema);
    case SelectBy::File:
      return by_file(conn, selection);
    case SelectBy::Table:
      return by_table(conn, selection);
  }
  return {};
}

std::vector<ImportRef> loaded_imports(database::Connection& conn,
                                      const std::vector<std::int64_t>& ids) {
  auto result = conn.exec(
      fmt::format("SELECT {} FROM public.etl_imports WHERE id = ANY($1::bigint[]) AND {} "
                  "ORDER BY id",
                  import_columns, ledger::in_force_sql(2)),
      {id_array(ids), std::string(ledger::status_loaded), std::string(ledger::status_empty)});
  std::vector<ImportRef> refs;
  refs.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) refs.push_back(to_ref(result, row));
  return refs;
}

}  // namespace pgdatahub::revert
