# shellcheck shell=bash
# Sourced by run_benchmarks (its helpers, $OUT, $BIN, $RUNS, $BEFORE): the
# reader on one core against `unzip -p`, and PostgreSQL's binary COPY of the
# big sheet (the loader floor) with and without the embedded cluster's bulk
# settings, next to pgdatahub end to end. See bench/README.md.

READER_SECONDS_RE='s/.*seconds \([0-9.]*\) .*/\1/p'
STD_FILES=("$OUT"/standard/*/*.xlsx)
BIG_FILES=("$OUT"/big/*/*.xlsx)
BIG_FILE="${BIG_FILES[0]}"

# shellcheck source=bench/loader_floor.sh
. "$HERE/loader_floor.sh"

# read_bench over FILES on core 0; echoes "seconds cells cpu_seconds" (sums
# over the files; CPU time, user + system, is less disturbed by other
# processes than wall time on a shared machine)
read_bench_sum() {
  local tool="$1" mode="$2"; shift 2
  local total=0 cells=0 cpu=0 out
  for f in "$@"; do
    out=$(/usr/bin/time -f 'cpu %U %S' -o "$TMP/rb.time" taskset -c 0 "$tool" "$f" ${mode:+"$mode"})
    total=$(awk -v a="$total" -v b="$(echo "$out" | sed -n "$READER_SECONDS_RE")" 'BEGIN { printf "%.4f", a + b }')
    cpu=$(awk -v a="$cpu" '/^cpu/ { printf "%.4f", a + $2 + $3 }' "$TMP/rb.time")
    cells=$((cells + $(echo "$out" | sed -n 's/^cells \([0-9]*\) .*/\1/p')))
  done
  echo "$total $cells $cpu"
}

# callgrind's instruction count of read_bench on one file (wall time is noise here)
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*refs: *\([0-9,]*\).*/\1/p' | tr -d ,
}

say "reader on one core: standard workload ($(echo "${STD_FILES[@]}" | wc -w) files), $RUNS runs"
unzip_s=(); fast_s=(); plain_s=(); before_s=(); dry_s=(); dry_before_s=(); fast_c=(); plain_c=(); before_c=()
for _ in $(seq "$RUNS"); do
  start=$(now)
  for f in "${STD_FILES[@]}"; do taskset -c 0 unzip -p "$f" 'xl/worksheets/sheet1.xml' >/dev/null; done
  unzip_s+=("$(elapsed "$start")")
  read -r s std_cells c < <(read_bench_sum "$READ_BENCH" "" "${STD_FILES[@]}"); fast_s+=("$s"); fast_c+=("$c")
  read -r s _ c < <(read_bench_sum "$READ_BENCH" --plain "${STD_FILES[@]}"); plain_s+=("$s"); plain_c+=("$c")
  start=$(now)
  SKIP_DB=1 taskset -c 0 "$BIN" etl "$OUT/standard" --dry-run --json >"$TMP/dry.json" 2>"$TMP/dry.err"
  dry_s+=("$(elapsed "$start")")
  if [ -n "$BEFORE" ]; then
    read -r s _ c < <(read_bench_sum "$BEFORE/bench/read_bench" "" "${STD_FILES[@]}"); before_s+=("$s"); before_c+=("$c")
    start=$(now)
    SKIP_DB=1 taskset -c 0 "$BEFORE/pgdatahub" etl "$OUT/standard" --dry-run --json >"$TMP/dry.json" 2>"$TMP/dry.err"
    dry_before_s+=("$(elapsed "$start")")
  fi
done
unzip_m=$(median "${unzip_s[@]}")
fast_m=$(median "${fast_s[@]}"); plain_m=$(median "${plain_s[@]}"); dry_m=$(median "${dry_s[@]}")
row "read_bench, one core, fast paths" "standard" "$(per_s "$std_cells" "$fast_m") cells/s" "$(ratio "$fast_m" "$unzip_m")x unzip -p" "${fast_m} s for $std_cells cells; CPU $(median "${fast_c[@]}") s ($(per_s "$std_cells" "$(median "${fast_c[@]}")") cells per CPU second); target 25,000,000 cells/s"
row "read_bench, one core, plain twins (--plain)" "standard" "$(per_s "$std_cells" "$plain_m") cells/s" "$(ratio "$plain_m" "$unzip_m")x unzip -p" "${plain_m} s; CPU $(median "${plain_c[@]}") s ($(per_s "$std_cells" "$(median "${plain_c[@]}")") cells per CPU second); the reader's paths before the fast ones"
if [ -n "$BEFORE" ]; then
  before_m=$(median "${before_s[@]}")
  row "read_bench, one core, before (--before)" "standard" "$(per_s "$std_cells" "$before_m") cells/s" "$(ratio "$before_m" "$unzip_m")x unzip -p" "${before_m} s; CPU $(median "${before_c[@]}") s ($(per_s "$std_cells" "$(median "${before_c[@]}")") cells per CPU second)"
fi
row "unzip -p of the same sheets, one core" "standard" "${unzip_m} s" "1.00" "the reference of the ratios in this block"
row "pgdatahub etl --dry-run, one core" "standard" "${dry_m} s" "$(ratio "$dry_m" "$unzip_m")x unzip -p" "target <= 0.6x unzip -p"
if [ -n "$BEFORE" ]; then
  dry_before_m=$(median "${dry_before_s[@]}")
  row "pgdatahub etl --dry-run, one core, before" "standard" "${dry_before_m} s" "$(ratio "$dry_before_m" "$unzip_m")x unzip -p" "(--before)"
fi
one="${STD_FILES[0]}"
row "read_bench instructions (callgrind)" "standard, first file" "$(instructions "$READ_BENCH" "$one") fast / $(instructions "$READ_BENCH" "$one" --plain) plain" "-" "inflating alone: $(instructions "$READ_BENCH" "$one" --inflate-only)"

say "reader on one core: one big sheet, $RUNS runs"
bfast_s=(); bplain_s=(); bbefore_s=(); binfl_s=(); bfast_c=(); bplain_c=(); bbefore_c=()
for _ in $(seq "$RUNS"); do
  read -r s big_cells c < <(read_bench_sum "$READ_BENCH" "" "$BIG_FILE"); bfast_s+=("$s"); bfast_c+=("$c")
  read -r s _ c < <(read_bench_sum "$READ_BENCH" --plain "$BIG_FILE"); bplain_s+=("$s"); bplain_c+=("$c")
  binfl_s+=("$(taskset -c 0 "$READ_BENCH" "$BIG_FILE" --inflate-only | sed -n 's/.* in \([0-9.]*\) s.*/\1/p')")
  if [ -n "$BEFORE" ]; then
    read -r s _ c < <(read_bench_sum "$BEFORE/bench/read_bench" "" "$BIG_FILE"); bbefore_s+=("$s"); bbefore_c+=("$c")
  fi
done
binfl_m=$(median "${binfl_s[@]}")
bfast_m=$(median "${bfast_s[@]}"); bplain_m=$(median "${bplain_s[@]}")
row "read_bench, one core, fast paths" "one big sheet" "$(per_s "$big_cells" "$bfast_m") cells/s" "$(ratio "$bfast_m" "$binfl_m")x inflating" "${bfast_m} s, CPU $(median "${bfast_c[@]}") s ($(per_s "$big_cells" "$(median "${bfast_c[@]}")") cells per CPU second); inflating alone ${binfl_m} s"
row "read_bench, one core, plain twins (--plain)" "one big sheet" "$(per_s "$big_cells" "$bplain_m") cells/s" "$(ratio "$bplain_m" "$binfl_m")x inflating" "${bplain_m} s, CPU $(median "${bplain_c[@]}") s ($(per_s "$big_cells" "$(median "${bplain_c[@]}")") cells per CPU second)"
if [ -n "$BEFORE" ]; then
  bbefore_m=$(median "${bbefore_s[@]}")
  row "read_bench, one core, before (--before)" "one big sheet" "$(per_s "$big_cells" "$bbefore_m") cells/s" "$(ratio "$bbefore_m" "$binfl_m")x inflating" "${bbefore_m} s, CPU $(median "${bbefore_c[@]}") s ($(per_s "$big_cells" "$(median "${bbefore_c[@]}")") cells per CPU second)"
fi

# --- the loader floor, with and without the bulk settings -----------------------
PGDATA_FLOOR="$OUT/pg"
restart_with() {  # SETTINGS...: ALTER SYSTEM over pgdatahub.conf, then a restart
  pg -d postgres -c "ALTER SYSTEM RESET ALL" >/dev/null
  for setting in "$@"; do pg -d postgres -c "ALTER SYSTEM SET $setting" >/dev/null; done
  "$BIN" db stop --home "$PGDATA_FLOOR" >&2
  "$BIN" db start --home "$PGDATA_FLOOR" >&2
}

floor_setup

# etl_big BINARY: pgdatahub end to end on the big sheet into a fresh database; echoes seconds
etl_big() {
  fresh_db bench_big
  local start; start=$(now)
  DATABASE_URL="$(db_url bench_big)" /usr/bin/time -v "$1" etl "$OUT/big" --json >"$TMP/big.json" 2>"$TMP/big.time"
  elapsed "$start"
  json_rows "$TMP/big.json" >/dev/null
}

CONFIGS=(
  "PostgreSQL defaults (wal_level replica, max_wal_size 1GB)|wal_level = 'replica'|max_wal_senders = 10|max_wal_size = '1GB'"
  "wal_level minimal only|max_wal_size = '1GB'"
  "bulk settings (minimal, max_wal_size 4GB)"
)
for config in "${CONFIGS[@]}"; do
  IFS='|' read -r -a parts <<<"$config"
  label="${parts[0]}"
  say "loader floor: $label, $RUNS runs"
  restart_with "${parts[@]:1}"
  new_s=(); freeze_s=(); existing_s=(); e2e_s=(); e2e_before_s=(); rss=()
  for _ in $(seq "$RUNS"); do
    new_s+=("$(floor_once new)")
    freeze_s+=("$(floor_once freeze)")
    existing_s+=("$(floor_once existing)")
    e2e_s+=("$(etl_big "$BIN")")
    rss+=("$(max_rss_mb "$TMP/big.time")")
    [ -n "$BEFORE" ] && e2e_before_s+=("$(etl_big "$BEFORE/pgdatahub")")
  done
  new_m=$(median "${new_s[@]}"); e2e_m=$(median "${e2e_s[@]}")
  row "binary COPY into a new table" "big sheet, $label" "${new_m} s" "1.00" "created in the COPY's transaction"
  row "binary COPY ... FREEZE into a new table" "big sheet, $label" "$(median "${freeze_s[@]}") s" "$(ratio "$(median "${freeze_s[@]}")" "$new_m")" ""
  row "binary COPY into an existing table" "big sheet, $label" "$(median "${existing_s[@]}") s" "$(ratio "$(median "${existing_s[@]}")" "$new_m")" "a committed empty table"
  row "pgdatahub etl end to end" "big sheet, $label" "${e2e_m} s" "$(ratio "$e2e_m" "$new_m")x floor" "target <= 1.15x the new-table floor; peak RSS $(median "${rss[@]}") MB"
  if [ -n "$BEFORE" ]; then
    e2e_before_m=$(median "${e2e_before_s[@]}")
    row "pgdatahub etl end to end, before" "big sheet, $label" "${e2e_before_m} s" "$(ratio "$e2e_before_m" "$new_m")x floor" "(--before)"
  fi
done
restart_with  # back to pgdatahub's own settings
drop_db bench_big
floor_teardown
