#include <pgdatahub/core/error.hpp>
#include <pgdatahub/core/printable.hpp>
#include <pgdatahub/database/connection.hpp>
#include <pgdatahub/database/quote.hpp>
#include <pgdatahub/ledger/table_locks.hpp>
#include <pgdatahub/naming/identifier.hpp>
#include <pgdatahub/orchestrator/chunk_buffer.hpp>
#include <pgdatahub/orchestrator/run_observer.hpp>
#include <pgdatahub/orchestrator/sheet_load.hpp>
#include <pgdatahub/schema/metadata_columns.hpp>
#include <pgdatahub/schema/schema_applier.hpp>

#include <fmt/format.h>

#include <initializer_list>
#include <string_view>

namespace pgdatahub::orchestrator {
namespace {

std::optional<types::PgType> forced_type(const config::FolderConfig& folder,
                                         const std::string& header, const std::string& name) {
  if (auto it = folder.column_types.find(header); it != folder.column_types.end())
    return it->second;
  if (auto it = folder.column_types.find(name); it != folder.column_types.end()) return it->second;
  return std::nullopt;
}

struct MetadataColumn {
  std::string_view name;
  types::PgType type;
};

// The plan that adds these metadata columns, those of them `live` lacks. A
// metadata column has no header, so no comment: that is how read_table_state
// tells the source_sheet metadata column from a data column of that name.
schema::SchemaPlan metadata_plan(const std::string& table, const schema::TableState& live,
                                 std::initializer_list<MetadataColumn> columns) {
  schema::SchemaPlan plan;
  plan.table = table;
  for (const auto& column : columns) {
    const std::string name(column.name);
    if (live.find(name) != nullptr) continue;
    schema::SchemaChange change;
    change.kind = schema::ChangeKind::AddColumn;
    change.column = name;
    change.new_type = column.type;
    plan.changes.push_back(change);
  }
  return plan;
}

}  // namespace

SheetLoad::SheetLoad(const FileJob& job, database::Connection* conn,
                     std::vector<std::string> headers, FileOutcome& outcome, RunObserver& observer,
                     const std::string* source_sheet)
    : m_job(job),
      m_conn(conn),
      m_headers(std::move(headers)),
      m_outcome(outcome),
      m_observer(observer) {
  if (source_sheet != nullptr) m_source_sheet = *source_sheet;
  name_columns();
  m_encoder.set_text_locale(job.folder.locale);
}

void SheetLoad::begin_live(const ledger::StartedImport& import, schema::LockWait lock_wait) {
  m_import = import;
  m_lock_wait = std::move(lock_wait);
  join_writers();
  reserve_metadata_names();
  m_encoder.set_metadata(m_job.source_file, import.imported_at_micros, import.id,
                         m_source_sheet ? &*m_source_sheet : nullptr);
  if (m_live.exists && !m_live.made_by_pgdatahub()) adopt_table();
  add_source_sheet();
}

// The headers are named once the table is known: a table that holds the
// source_sheet metadata column keeps that name from every header, whether
// this load has several sheets or one. A data column of that name, made from
// a header by earlier one-sheet loads, is never taken for the metadata
// column: a several-sheet load into its table fails, saying what to do.
void SheetLoad::reserve_metadata_names() {
  const bool data_column =
      m_live.find(std::string(schema::column_source_sheet)) != nullptr && !m_live.sheet_metadata;
  if (m_source_sheet && data_column) {
    throw FileError(FileFailure::Database,
                    fmt::format("table \"{}\" has a data column source_sheet, made from a header "
                                "by earlier loads, and several sheets loading into one table need "
                                "that name for each row's sheet: rename that column, or set "
                                "`table_per_sheet: true`",
                                printable(m_job.table)));
  }
  name_columns();
}

void SheetLoad::add_source_sheet() {
  if (!m_source_sheet || !m_live.exists) return;
  const auto plan =
      metadata_plan(m_job.table, m_live, {{schema::column_source_sheet, types::PgType::Text}});
  if (plan.empty()) return;
  if (!m_dry_run) {
    apply(plan);
  } else {
    schema::simulate(plan, m_live);
    record_plan(plan);
  }
}

// A table pgdatahub did not make is written into only when the folder says
// `adopt: true`; its metadata columns are then added as any added column is:
// in the file's transaction, audited, undone by reverting the import.
void SheetLoad::adopt_table() {
  if (!m_job.folder.adopt) {
    throw FileError(FileFailure::Database,
                    fmt::format("table \"{}\" exists and was not created by pgdatahub: choose "
                                "another table name, or adopt it with `adopt: true`",
                                printable(m_job.table)));
  }
  apply(metadata_plan(m_job.table, m_live,
                      {{schema::column_source_file, types::PgType::Text},
                       {schema::column_load_timestamp, types::PgType::Timestamp},
                       {schema::column_import_id, types::PgType::BigInt},
                       {schema::column_source_row, types::PgType::Integer}}));
}

// Other files may be copying into the table: the shape read here is the one
// this file writes to only once it is among the table's writers, after which
// no other file's schema change commits before this one does. A table that
// does not exist yet is made by one file: the first to take its schema lock,
// which it holds until it commits; the others find the table made.
void SheetLoad::join_writers() {
  m_live = schema::read_table_state(*m_conn, m_job.schema, m_job.table);
  if (!m_live.exists) {
    ledger::lock_table_schema(*m_conn, m_job.table, m_job.schema);
    m_schema_locked = true;
    m_live = schema::read_table_state(*m_conn, m_job.schema, m_job.table);
    if (!m_live.exists) return;
  }
  ledger::join_table_writers(*m_conn, m_job.table, m_job.schema);
  m_live = schema::read_table_state(*m_conn, m_job.schema, m_job.table);
}

// A schema change takes the table's schema lock first (held until commit),
// so changes into one table take turns and each is planned on the shape the
// previous one left; the plan was made under this file's ROW EXCLUSIVE, which
// no other change can pass, so it still holds.
void SheetLoad::apply(const schema::SchemaPlan& plan) {
  if (plan.empty()) return;
  if (!m_schema_locked) {
    ledger::lock_table_schema(*m_conn, m_job.table, m_job.schema);
    m_schema_locked = true;
  }
  schema::SchemaApplier applier(
      *m_conn, {m_job.source_file, m_import.id, m_job.schema},
      [this](const std::string& message) { m_observer.notice(message); }, m_lock_wait);
  applier.apply(plan, m_live);
  record_plan(plan);
}

void SheetLoad::begin_dry_run(std::map<std::string, schema::TableState>* simulated) {
  m_simulated = simulated;
  m_dry_run = true;
  if (m_simulated != nullptr) {
    if (auto it = m_simulated->find(m_job.table); it != m_simulated->end()) {
      m_live = it->second;
      reserve_metadata_names();
      return;
    }
  }
  if (m_conn != nullptr) m_live = schema::read_table_state(*m_conn, m_job.schema, m_job.table);
  if (m_live.exists && !m_live.made_by_pgdatahub() && !m_job.folder.adopt) {
    adopt_table();  // refuses, as the load would
  }
  reserve_metadata_names();
}

// Checks a chunk's types, widens the table if it needs to, and sends the rows.
void SheetLoad::load_chunk(const ChunkBuffer& chunk) {
  m_chunk_loaded = true;
  adopt_headers(chunk);
  infer(chunk);
  auto plan = plan_now();
  if (!plan.empty()) {
    finish_copy();
    apply(plan);
    add_source_sheet();
  }
  check_writable();
  if (!m_copy) open_copy();
  for (std::size_t i = 0; i < prefetch_rows_ahead; ++i) chunk.prefetch_texts(i);
  for (std::size_t i = 0; i < chunk.rows(); ++i) {
    chunk.prefetch_texts(i + prefetch_rows_ahead);
    m_encoder.encode_row(chunk.row(i), m_buffer);
    if (m_buffer.size() >= flush_bytes) flush();
  }
  m_outcome.rows += chunk.rows();
}

// Dry run: only the types are gathered; the plan is made at the end.
void SheetLoad::plan_chunk(const ChunkBuffer& chunk) {
  adopt_headers(chunk);
  infer(chunk);
  if (!m_job.folder.column_types.empty()) check_forced(chunk);
  m_outcome.rows += chunk.rows();
}

// A dry run converts what the load would convert, so a file it passes does
// not fail the load on a value.
void SheetLoad::check_forced(const ChunkBuffer& chunk) {
  std::vector<std::optional<types::PgType>> forced(m_names.size());
  bool any = false;
  for (std::size_t i = 0; i < m_names.size(); ++i) {
    forced[i] = forced_type(m_job.folder, m_headers[i], m_names[i]);
    any = any || forced[i].has_value();
  }
  if (!any) return;
  for (std::size_t i = 0; i < chunk.rows(); ++i) {
    m_encoder.check_forced(chunk.row(i), forced, m_names);
  }
}

void SheetLoad::finish_dry_run() {
  auto plan = plan_now();
  record_plan(plan);
  schema::simulate(plan, m_live);
  add_source_sheet();
  if (m_simulated != nullptr) (*m_simulated)[m_job.table] = m_live;
}

void SheetLoad::finish_live() {
  // A header with no data row still makes its table and columns: the user
  // sees the shape the next file fills.
  if (!m_chunk_loaded && !file_columns().empty()) {
    auto plan = plan_now();
    apply(plan);
    add_source_sheet();
  }
  finish_copy();
}

// Styles and a sheet's dimension can reach column XFD while the data fills
// A:C; a column with neither a header nor a value is not a column.
// A script decides row by row which columns get values (it may remove one
// from every row): once rows have come, only columns that got a value are
// columns. A header alone still makes its column when no row came.
bool SheetLoad::is_column(std::size_t index) const {
  if (m_accumulators[index].type().has_value()) return true;
  if (m_headers[index].empty()) return false;
  return !(m_rows_seen && m_job.folder.transforms.script);
}

void SheetLoad::name_columns() {
  m_names = naming::column_names(
      m_headers,
      schema::metadata_column_names(m_source_sheet.has_value() || m_live.sheet_metadata));
  m_accumulators.resize(m_headers.size());
}

void SheetLoad::adopt_headers(const ChunkBuffer& chunk) {
  m_rows_seen = m_rows_seen || !chunk.empty();
  if (chunk.headers().size() <= m_headers.size()) return;  // always so without a transform
  m_headers = chunk.headers();
  name_columns();
}

void SheetLoad::infer(const ChunkBuffer& chunk) {
  for (std::size_t i = 0; i < chunk.rows(); ++i) {
    for (const auto& cell : chunk.row(i).cells) {
      if (cell.column >= m_headers.size()) {
        // A value right of the last header: its column is named column_N.
        m_headers.resize(cell.column + 1);
        name_columns();
      }
      m_accumulators[cell.column].add(cell);
    }
  }
}

std::vector<schema::FileColumn> SheetLoad::file_columns() const {
  std::vector<schema::FileColumn> columns;
  columns.reserve(m_names.size());
  for (std::size_t i = 0; i < m_names.size(); ++i) {
    if (!is_column(i)) continue;
    columns.push_back(schema::FileColumn{m_names[i], m_headers[i], m_accumulators[i].type(),
                                         forced_type(m_job.folder, m_headers[i], m_names[i])});
  }
  return columns;
}

schema::SchemaPlan SheetLoad::plan_now() {
  schema::HasValues has_values;
  if (m_conn != nullptr && m_simulated == nullptr) {
    has_values = [this](const std::string& column) {
      // Asked again for every chunk while the column stays text; the answer
      // is kept, and a query needs this connection's COPY ended first (a
      // query sent during a COPY aborts it, and with it the file).
      if (const auto known = m_has_values.find(column); known != m_has_values.end())
        return known->second;
      finish_copy();
      const bool answer = schema::column_has_values(*m_conn, m_job.schema, m_job.table, column);
      m_has_values.emplace(column, answer);
      return answer;
    };
  }
  return schema::plan_schema(m_job.table, m_live, file_columns(), has_values);
}

void SheetLoad::record_plan(const schema::SchemaPlan& plan) {
  for (auto& change : schema::change_records(plan))
    m_outcome.schema_changes.push_back(std::move(change));
  for (const auto& change : plan.changes) {
    if (change.kind == schema::ChangeKind::CreateTable) m_outcome.created_table = true;
  }
}

// Every column the file writes has a type the encoder can produce.
void SheetLoad::check_writable() {
  std::vector<EncodedColumn> columns;
  for (std::size_t i = 0; i < m_names.size(); ++i) {
    if (!is_column(i)) continue;
    const schema::LiveColumn* live = m_live.find(m_names[i]);
    if (live == nullptr || !live->type) {
      if (m_accumulators[i].type()) {
        throw FileError(FileFailure::Database,
                        fmt::format("column {} of table {} has type {}, which pgdatahub does not "
                                    "write: change it back to one of its types or drop it",
                                    m_names[i], m_job.table, live ? live->sql_type : "unknown"));
      }
    }
    columns.push_back(EncodedColumn{static_cast<std::uint32_t>(i),
                                    live && live->type ? *live->type : types::PgType::Text,
                                    forced_type(m_job.folder, m_headers[i], m_names[i])});
  }
  if (columns.size() != m_encoded_columns) {
    finish_copy();
    m_encoded_columns = columns.size();
  }
  m_encoder.set_columns(std::move(columns), m_names);
}

void SheetLoad::open_copy() {
  std::string sql = "COPY " + database::quote_qualified(m_job.schema, m_job.table) + " (";
  for (std::size_t i = 0; i < m_names.size(); ++i) {
    if (is_column(i)) sql += database::quote_identifier(m_names[i]) + ", ";
  }
  // In the encoder's order: the fields the same on every row, then source_row.
  for (std::size_t i = 0; i < schema::metadata_columns.size(); ++i) {
    if (m_source_sheet && schema::metadata_columns[i] == schema::column_source_row)
      sql += ", " + database::quote_identifier(std::string(schema::column_source_sheet));
    sql +=
        (i == 0 ? "" : ", ") + database::quote_identifier(std::string(schema::metadata_columns[i]));
  }
  // A table this file's transaction created may take its rows already
  // frozen: PostgreSQL then writes them once, not again when VACUUM freezes
  // them, and (with wal_level = minimal, as the embedded cluster runs) skips
  // their WAL. FREEZE is refused for any other table, so only then.
  sql += m_outcome.created_table ? ") FROM STDIN (FORMAT binary, FREEZE)"
                                 : ") FROM STDIN (FORMAT binary)";
  m_copy.emplace(m_conn->copy_in(sql));
  m_buffer.clear();
  m_encoder.begin(m_buffer);
}

void SheetLoad::flush() {
  m_copy->write(m_buffer);
  m_buffer.clear();
  m_observer.rows_progress(m_outcome.rows);
}

void SheetLoad::finish_copy() {
  if (!m_copy) return;
  m_encoder.end(m_buffer);
  m_copy->write(m_buffer);
  m_buffer.clear();
  m_copy->finish();
  m_copy.reset();
  m_observer.rows_progress(m_outcome.rows);
}

}  // namespace pgdatahub::orchestrator
