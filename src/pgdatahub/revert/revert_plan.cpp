#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/database_error.hpp>
#include <pgdatahub/database/quote.hpp>
#include <pgdatahub/ledger/ledger_tables.hpp>
#include <pgdatahub/revert/revert_plan.hpp>
#include <pgdatahub/schema/metadata_columns.hpp>
#include <pgdatahub/schema/schema_applier.hpp>
#include <pgdatahub/schema/table_state.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

namespace pgdatahub::revert {
namespace {

using database::quote_identifier;

// A create_table, add_column or alter_type row of etl_schema_changes. Undo
// rows are told apart by their time: they are written by the revert, so
// changed_at equals their import's reverted_at.
constexpr const char* forward_changes_sql = R"(
SELECT c.id, c.change_type, coalesce(c.column_name, ''), coalesce(c.old_type, ''),
       coalesce(c.new_type, ''), coalesce(c.etl_import_id, 0), coalesce(c.source_file, ''),
       coalesce(i.status = 'reverted', false) OR coalesce(c.etl_import_id = ANY($2::bigint[]), false),
       coalesce(c.etl_import_id = ANY($2::bigint[]), false)
  FROM public.etl_schema_changes c LEFT JOIN public.etl_imports i ON i.id = c.etl_import_id
 WHERE c.table_name = $1 AND c.schema_name = $3 AND c.change_type IN ('create_table', 'add_column', 'alter_type')
   AND NOT coalesce(i.status = 'reverted' AND c.changed_at >= i.reverted_at, false)
 ORDER BY c.id)";

struct ForwardChange {
  std::string type;
  std::string column;
  std::string old_type;
  std::string new_type;
  std::int64_t import_id = 0;
  std::string source_file;
  bool import_reverted = false;  // reverted earlier or by this revert
  bool in_this_revert = false;
};

class TablePlanner {
 public:
  TablePlanner(database::Connection& conn, const TableRows& rows, RevertPlan& plan)
      : m_conn(conn),
        m_table(rows.table),
        m_qualified(database::quote_qualified(plan.schema, rows.table)),
        m_ids(id_array(rows.import_ids)),
        m_plan(plan) {}

  void plan() {
    m_state = schema::read_table_state(m_conn, m_plan.schema, m_table);
    if (!m_state.exists || !m_state.find(std::string(schema::column_import_id))) return;
    read_changes();
    std::size_t start = 0;
    const ForwardChange* create = nullptr;
    for (std::size_t i = 0; i < m_changes.size(); ++i) {
      if (m_changes[i].type == ledger::change_create_table) {
        start = i;
        create = &m_changes[i];
      }
    }
    if (create != nullptr && create->import_reverted) {
      const bool rows_left =
          exists(fmt::format("SELECT 1 FROM {} WHERE {}", m_qualified, remaining()));
      const auto others = m_conn.exec(
          fmt::format("SELECT count(*) FROM public.etl_imports WHERE table_name = $1 AND {} AND "
                      "id <> ALL($4::bigint[]) AND schema_name = $5",
                      ledger::in_force_sql(2)),
          {m_table, std::string(ledger::status_loaded), std::string(ledger::status_empty), m_ids,
           m_plan.schema});
      const auto other_imports = others.int64(0, 0);
      if (!rows_left && other_imports == 0) {
        m_plan.undo.push_back(UndoStep{UndoKind::DropTable, m_table, "", "", "", create->import_id,
                                       create->source_file, "DROP TABLE " + m_qualified});
        return;
      }
      if (create->in_this_revert) {
        keep(*create, fmt::format("table {} stays", m_table),
             rows_left
                 ? "rows of other imports remain in it"
                 : fmt::format("{} other loaded import(s) still belong to it", other_imports));
      }
    }
    std::vector<std::string> columns;
    for (std::size_t i = start; i < m_changes.size(); ++i) {
      const auto& column = m_changes[i].column;
      if (column.empty()) continue;
      columns.erase(std::remove(columns.begin(), columns.end(), column), columns.end());
      columns.push_back(column);
    }
    // Columns touched last are undone first.
    for (auto it = columns.rbegin(); it != columns.rend(); ++it) plan_column(*it, start);
  }

 private:
  // Rows of a table pgdatahub adopted that were there before have no import:
  // they remain whatever is reverted.
  std::string remaining() const {
    return "(etl_import_id IS NULL OR etl_import_id <> ALL($1::bigint[]))";
  }

  bool exists(const std::string& query) {
    return m_conn.exec("SELECT EXISTS (" + query + ")", {m_ids}).text(0, 0) == "t";
  }

  void read_changes() {
    auto result = m_conn.exec(forward_changes_sql, {m_table, m_ids, m_plan.schema});
    for (int row = 0; row < result.rows(); ++row) {
      m_changes.push_back(
          ForwardChange{std::string(result.text(row, 1)), std::string(result.text(row, 2)),
                        std::string(result.text(row, 3)), std::string(result.text(row, 4)),
                        result.int64(row, 5), std::string(result.text(row, 6)),
                        result.text(row, 7) == "t", result.text(row, 8) == "t"});
    }
  }

  void keep(const ForwardChange& change, std::string what, std::string why) {
    m_plan.kept.push_back(KeptChange{m_table, std::move(what), std::move(why), change.import_id});
  }

  void plan_column(const std::string& column, std::size_t start) {
    const schema::LiveColumn* live = m_state.find(column);
    if (live == nullptr) return;  // dropped by an earlier revert or by hand
    std::size_t first = start;
    const ForwardChange* added = nullptr;
    for (std::size_t i = start; i < m_changes.size(); ++i) {
      if (m_changes[i].type == ledger::change_add_column && m_changes[i].column == column) {
        added = &m_changes[i];
        first = i;
      }
    }
    const std::string name = quote_identifier(column);
    if (added != nullptr && added->import_reverted) {
      if (!exists(fmt::format("SELECT 1 FROM {} WHERE {} IS NOT NULL AND {}", m_qualified, name,
                              remaining()))) {
        m_plan.undo.push_back(UndoStep{
            UndoKind::DropColumn, m_table, column, live->sql_type, "", added->import_id,
            added->source_file, fmt::format("ALTER TABLE {} DROP COLUMN {}", m_qualified, name)});
        return;
      }
      if (added->in_this_revert) {
        keep(*added, fmt::format("column {}.{} stays", m_table, column),
             "rows of other imports hold values in it");
      }
    }
    narrow_column(column, *live, first);
  }

  // Walks the column's type changes newest first, undoing those of reverted
  // imports while the remaining values allow it.
  void narrow_column(const std::string& column, const schema::LiveColumn& live, std::size_t first) {
    if (!live.type) return;
    std::vector<types::PgType> path{*live.type};
    std::optional<std::size_t> stop;
    std::string stop_reason;
    for (std::size_t i = m_changes.size(); i-- > first;) {
      const auto& change = m_changes[i];
      if (change.type != ledger::change_alter_type || change.column != column) continue;
      const auto old_type = types::parse_sql_type(change.old_type);
      const auto new_type = types::parse_sql_type(change.new_type);
      if (!old_type || !new_type) break;
      if (path.back() == *old_type && path.back() != *new_type)
        continue;  // undone by an earlier revert
      if (path.back() != *new_type) {
        stop = i;
        stop_reason =
            fmt::format("its type was changed outside pgdatahub (it is {} now)", live.sql_type);
        break;
      }
      if (!change.import_reverted) {
        stop = i;
        stop_reason = fmt::format("import {} ({}) still needs {}", change.import_id,
                                  change.source_file, change.new_type);
        break;
      }
      path.push_back(*old_type);
      if (!fits(column, path)) {
        path.pop_back();
        if (change.in_this_revert) {
          keep(change, fmt::format("column {}.{} stays {}", m_table, column, change.new_type),
               fmt::format("remaining rows hold values that do not fit {}", change.old_type));
        }
        stop = i;
        stop_reason = fmt::format("the change to {} above it stays", change.new_type);
        break;
      }
      m_plan.undo.push_back(
          UndoStep{UndoKind::NarrowType, m_table, column, change.new_type, change.old_type,
                   change.import_id, change.source_file,
                   schema::alter_type_sql(m_plan.schema, m_table, column, *new_type, *old_type)});
    }
    if (!stop) return;
    // Older changes of this revert under a change that stays stay too.
    for (std::size_t i = *stop; i-- > first;) {
      const auto& change = m_changes[i];
      if (change.type == ledger::change_alter_type && change.column == column &&
          change.in_this_revert) {
        keep(change,
             fmt::format("column {}.{} stays {} (was {})", m_table, column, change.new_type,
                         change.old_type),
             stop_reason);
      }
    }
  }

  // True when every remaining value converts down `path` and back up unchanged.
  bool fits(const std::string& column, const std::vector<types::PgType>& path) {
    const std::string name = quote_identifier(column);
    std::string value = name;
    for (std::size_t i = 1; i < path.size(); ++i)
      value = schema::conversion_sql(fmt::format("({})", value), path[i - 1], path[i]);
    for (std::size_t i = path.size() - 1; i > 0; --i)
      value = schema::conversion_sql(fmt::format("({})", value), path[i], path[i - 1]);
    const std::string query =
        fmt::format("SELECT 1 FROM {} WHERE {} IS NOT NULL AND {} AND ({}) IS DISTINCT FROM {}",
                    m_qualified, name, remaining(), value, name);
    m_conn.exec("SAVEPOINT pgdatahub_fit");
    try {
      const bool misfit = exists(query);
      m_conn.exec("RELEASE SAVEPOINT pgdatahub_fit");
      return !misfit;
    } catch (const database::ConnectionError&) {
      throw;
    } catch (const database::DatabaseError&) {
      // A value the old type cannot even parse.
      m_conn.exec("ROLLBACK TO SAVEPOINT pgdatahub_fit");
      return false;
    }
  }

  database::Connection& m_conn;
  std::string m_table;
  std::string m_qualified;  // "schema"."table", for SQL text
  std::string m_ids;
  RevertPlan& m_plan;
  schema::TableState m_state;
  std::vector<ForwardChange> m_changes;
};

}  // namespace

std::uint64_t RevertPlan::total_rows() const {
  std::uint64_t rows = 0;
  for (const auto& table : tables) rows += table.rows;
  return rows;
}

std::vector<std::string> RevertPlan::table_names() const {
  std::vector<std::string> names;
  for (const auto& table : tables) names.push_back(table.table);
  return names;
}

std::vector<std::int64_t> RevertPlan::import_ids() const {
  std::vector<std::int64_t> ids;
  for (const auto& import : imports) ids.push_back(import.id);
  return ids;
}

std::string_view undo_name(UndoKind kind) noexcept {
  switch (kind) {
    case UndoKind::DropTable:
      return "drop table";
    case UndoKind::DropColumn:
      return "drop column";
    case UndoKind::NarrowType:
      return "narrow type";
  }
  return "undo";
}

RevertPlan plan_revert(database::Connection& conn, std::vector<ImportRef> imports, bool keep_schema,
                       const std::string& schema) {
  RevertPlan plan;
  plan.schema = schema;
  plan.keep_schema = keep_schema;
  plan.imports = std::move(imports);
  std::map<std::string, std::vector<std::int64_t>> by_table;
  for (const auto& import : plan.imports) by_table[import.table].push_back(import.id);
  for (auto& [table, ids] : by_table) {
    TableRows rows{table, ids, 0, true};
    const auto state = schema::read_table_state(conn, schema, table);
    rows.exists = state.exists && state.find(std::string(schema::column_import_id)) != nullptr;
    if (rows.exists) {
      rows.rows = static_cast<std::uint64_t>(
          conn.exec(fmt::format("SELECT count(*) FROM {} WHERE etl_import_id = ANY($1::bigint[])",
                                database::quote_qualified(schema, table)),
                    {id_array(ids)})
              .int64(0, 0));
    }
    plan.tables.push_back(std::move(rows));
  }
  if (!keep_schema) {
    for (const auto& rows : plan.tables) TablePlanner(conn, rows, plan).plan();
  }
  return plan;
}

}  // namespace pgdatahub::revert
