#pragma once
// The state of one sheet while it loads: its columns and their types so far,
// the live table (or, in a dry run, the table as planned), the schema plan
// each chunk needs, and the open COPY. FileLoader owns the transaction around it.
#include <pgdatahub/database/copy_stream.hpp>
#include <pgdatahub/ledger/import_log.hpp>
#include <pgdatahub/orchestrator/file_job.hpp>
#include <pgdatahub/orchestrator/row_encoder.hpp>
#include <pgdatahub/schema/ddl_lock_wait.hpp>
#include <pgdatahub/schema/schema_plan.hpp>
#include <pgdatahub/schema/table_state.hpp>
#include <pgdatahub/types/inference.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgdatahub::database {
class Connection;
}

namespace pgdatahub::orchestrator {

class ChunkBuffer;
class RunObserver;

// The state of one sheet being loaded: its columns, their types so far, the
// live table and the open COPY.
class SheetLoad {
 public:
  // `source_sheet`: the sheet's name when several sheets load into the
  // table (its rows then fill the source_sheet column); null otherwise.
  SheetLoad(const FileJob& job, database::Connection* conn, std::vector<std::string> headers,
            FileOutcome& outcome, RunObserver& observer, const std::string* source_sheet = nullptr);

  // `lock_wait`: how its schema changes wait for the table (ddl_lock_wait).
  void begin_live(const ledger::StartedImport& import, schema::LockWait lock_wait);
  void begin_dry_run(std::map<std::string, schema::TableState>* simulated);

  // Checks a chunk's types, widens the table if it needs to, and sends the rows.
  void load_chunk(const ChunkBuffer& chunk);

  // Dry run: only the types are gathered; the plan is made at the end.
  void plan_chunk(const ChunkBuffer& chunk);

  void finish_dry_run();
  void finish_live();

 private:
  // Small writes keep PostgreSQL fed from the first rows of a file on, and
  // the buffer stays in cache: 32 kB measured 8% faster than 256 kB on
  // 10,000-row files and the same on the 1,000,000-row sheet.
  static constexpr std::size_t flush_bytes = 32 << 10;
  // How far ahead of the row it encodes the encoder asks for texts: enough
  // rows to cover a miss to memory, few enough that the misses in flight
  // stay within what the processor tracks at once.
  static constexpr std::size_t prefetch_rows_ahead = 4;

  void name_columns();
  // A transform's columns grow as its script adds them (earlier ones keep
  // their place): the chunk says which it is indexed by.
  void adopt_headers(const ChunkBuffer& chunk);
  bool is_column(std::size_t index) const;
  void infer(const ChunkBuffer& chunk);
  void check_forced(const ChunkBuffer& chunk);
  std::vector<schema::FileColumn> file_columns() const;
  schema::SchemaPlan plan_now();
  void record_plan(const schema::SchemaPlan& plan);
  void adopt_table();
  void join_writers();
  void apply(const schema::SchemaPlan& plan);
  // Names the columns again once the table is known (its metadata columns
  // are names no header takes); refuses a several-sheet load into a table
  // whose source_sheet is a data column.
  void reserve_metadata_names();
  // Adds the source_sheet column to a table that lacks it, when this sheet
  // shares the table; in a dry run, to the table as planned.
  void add_source_sheet();
  // Every column the file writes has a type the encoder can produce.
  void check_writable();
  void open_copy();
  void flush();
  void finish_copy();

  const FileJob& m_job;
  database::Connection* m_conn;
  std::vector<std::string> m_headers;
  std::vector<std::string> m_names;
  std::vector<types::ColumnTypeAccumulator> m_accumulators;
  FileOutcome& m_outcome;
  RunObserver& m_observer;
  schema::TableState m_live;
  ledger::StartedImport m_import;
  schema::LockWait m_lock_wait;
  RowEncoder m_encoder;
  std::size_t m_encoded_columns = 0;
  bool m_chunk_loaded = false;
  // Whether a text column held a value when first asked (schema::HasValues).
  std::map<std::string, bool> m_has_values;
  bool m_schema_locked = false;  // this file holds the table's schema lock until it commits
  bool m_rows_seen = false;      // a chunk with rows has come
  std::string m_buffer;
  std::optional<database::CopyStream> m_copy;
  std::map<std::string, schema::TableState>* m_simulated = nullptr;
  bool m_dry_run = false;
  std::optional<std::string> m_source_sheet;
};

}  // namespace pgdatahub::orchestrator
