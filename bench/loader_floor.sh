# shellcheck shell=bash
# Sourced by reader_floor.sh and inflate_thread.sh (run_benchmarks' helpers,
# $OUT, $BIN, $TMP): the loader floor, PostgreSQL's own binary COPY of the
# rows pgdatahub loads from the big sheet, in a database of its own
# (bench_floor). See bench/README.md.

FLOOR_COPY_FILE="$TMP/floor.copy"

# floor_setup: loads the big sheet once with pgdatahub, copies its rows out
# in COPY's binary format, and keeps the table's shape (floor_shape) for the
# tables floor_once copies into.
floor_setup() {
  local big_files=("$OUT"/big/*/*.xlsx) big_table
  big_table="$(basename "$(dirname "${big_files[0]}")")"
  fresh_db bench_floor
  DATABASE_URL="$(db_url bench_floor)" "$BIN" etl "$OUT/big" --json >"$TMP/floor.json" 2>"$TMP/floor.err"
  pg -d bench_floor -c "\\copy \"$big_table\" TO '$FLOOR_COPY_FILE' WITH (FORMAT binary)"
  pg -d bench_floor -c "CREATE TABLE floor_shape (LIKE \"$big_table\" INCLUDING ALL)"
}

# floor_once KIND: one binary COPY of those rows into floor_copy; KIND is
# new (a table created in the COPY's transaction), freeze (the same with
# FREEZE, as pgdatahub loads a new table) or existing (a committed empty
# table). The session hands its writes to the kernel every 2 MB, as every
# pgdatahub session does (database/connection.cpp). Echoes seconds.
floor_once() {
  pg -d bench_floor -c "DROP TABLE IF EXISTS floor_copy"
  local options="FORMAT binary" create=(-c "CREATE TABLE floor_copy (LIKE floor_shape INCLUDING ALL)")
  [ "$1" = freeze ] && options="FORMAT binary, FREEZE"
  if [ "$1" = existing ]; then pg -d bench_floor "${create[@]}" -c "CHECKPOINT"; create=(); fi
  local start; start=$(now)
  pg -d bench_floor -c "SET backend_flush_after = '2MB'" -c "BEGIN" "${create[@]}" -c "\\copy floor_copy FROM '$FLOOR_COPY_FILE' WITH ($options)" -c "COMMIT"
  elapsed "$start"
}

# floor_teardown: drops what floor_setup made.
floor_teardown() {
  drop_db bench_floor
  rm -f "$FLOOR_COPY_FILE"
}
