# shellcheck shell=bash
# Sourced by run_benchmarks (its helpers, $OUT, $BIN, $READ_BENCH, $RUNS): the
# xlsx reader with its sheet inflated on a thread of its own against the same
# binary with that thread off (PGDATAHUB_INFLATE_THREAD=0), runs interleaved;
# next to them the reader on one core, unzip -p of the same sheets, and the
# big sheet end to end against the loader floor (as a user runs it, and with
# the thread forced on). See bench/README.md.

IT_STD_FILES=("$OUT"/standard/*/*.xlsx)
IT_BIG_FILES=("$OUT"/big/*/*.xlsx)
IT_BIG_FILE="${IT_BIG_FILES[0]}"

# shellcheck source=bench/loader_floor.sh
. "$HERE/loader_floor.sh"

# it_read PINNING THREAD FILES...: read_bench over FILES; PINNING "one" runs
# on core 0, "two" on both; THREAD is PGDATAHUB_INFLATE_THREAD (0 off, 1 on
# whatever the cores). Echoes
# "wall_seconds cells cpu_seconds", summed over the files.
it_read() {
  local pinning="$1" thread="$2"; shift 2
  local cpus=0,1; [ "$pinning" = one ] && cpus=0
  local total=0 cells=0 cpu=0 out
  for f in "$@"; do
    out=$(PGDATAHUB_INFLATE_THREAD="$thread" /usr/bin/time -f 'cpu %U %S' -o "$TMP/it.time" \
      taskset -c "$cpus" "$READ_BENCH" "$f")
    total=$(awk -v a="$total" -v b="$(echo "$out" | sed -n 's/.*seconds \([0-9.]*\) .*/\1/p')" 'BEGIN { printf "%.4f", a + b }')
    cpu=$(awk -v a="$cpu" '/^cpu/ { printf "%.4f", a + $2 + $3 }' "$TMP/it.time")
    cells=$((cells + $(echo "$out" | sed -n 's/^cells \([0-9]*\) .*/\1/p')))
  done
  echo "$total $cells $cpu"
}

# it_inflate FILES...: read_bench --inflate-only on core 0, the seconds it
# reports summed over FILES: what inflating alone takes of a one-core read.
it_inflate() {
  local total=0 out
  for f in "$@"; do
    out=$(taskset -c 0 "$READ_BENCH" "$f" --inflate-only)
    total=$(awk -v a="$total" -v b="$(echo "$out" | sed -n 's/.* in \([0-9.]*\) s.*/\1/p')" 'BEGIN { printf "%.4f", a + b }')
  done
  echo "$total"
}

# scan_rate CELLS READ_SECONDS INFLATE_SECONDS: cells per second of the
# one-core read less its inflating, i.e. scanning and converting alone.
scan_rate() { awk -v c="$1" -v r="$2" -v i="$3" 'BEGIN { printf "%.0f", c / (r - i) }'; }

# it_dry PINNING THREAD: the standard workload's dry run; echoes seconds
it_dry() {
  local cpus=0,1; [ "$1" = one ] && cpus=0
  local start; start=$(now)
  PGDATAHUB_INFLATE_THREAD="$2" SKIP_DB=1 taskset -c "$cpus" "$BIN" etl "$OUT/standard" --dry-run --json >"$TMP/it.json" 2>"$TMP/it.err"
  elapsed "$start"
}

say "inflate thread: standard workload (${#IT_STD_FILES[@]} files), $RUNS runs interleaved"
unzip_s=(); one_s=(); one_c=(); on_s=(); on_c=(); off_s=(); off_c=(); dry1_s=(); dry_on_s=(); dry_off_s=(); infl_s=()
for _ in $(seq "$RUNS"); do
  start=$(now)
  for f in "${IT_STD_FILES[@]}"; do taskset -c 0 unzip -p "$f" 'xl/worksheets/sheet1.xml' >/dev/null; done
  unzip_s+=("$(elapsed "$start")")
  read -r s std_cells c < <(it_read one 0 "${IT_STD_FILES[@]}"); one_s+=("$s"); one_c+=("$c")
  infl_s+=("$(it_inflate "${IT_STD_FILES[@]}")")
  read -r s _ c < <(it_read two 1 "${IT_STD_FILES[@]}"); on_s+=("$s"); on_c+=("$c")
  read -r s _ c < <(it_read two 0 "${IT_STD_FILES[@]}"); off_s+=("$s"); off_c+=("$c")
  dry1_s+=("$(it_dry one 0)")
  dry_on_s+=("$(it_dry two 1)")
  dry_off_s+=("$(it_dry two 0)")
done
unzip_m=$(median "${unzip_s[@]}")
row "read_bench, one core (no inflate thread)" "standard" "$(per_s "$std_cells" "$(median "${one_c[@]}")") cells per CPU s" "-" "wall $(median "${one_s[@]}") s, CPU $(median "${one_c[@]}") s, inflating included"
row "scanning and converting alone, one core" "standard" "$(scan_rate "$std_cells" "$(median "${one_s[@]}")" "$(median "${infl_s[@]}")") cells/s" "-" "the read less inflating (read_bench --inflate-only: $(median "${infl_s[@]}") s); target 25,000,000 cells/s"
row "read_bench, two cores, inflate thread" "standard" "$(median "${on_s[@]}") s" "$(ratio "$(median "${on_s[@]}")" "$(median "${off_s[@]}")")" "CPU $(median "${on_c[@]}") s; ratio to the thread off"
row "read_bench, two cores, thread off" "standard" "$(median "${off_s[@]}") s" "1.00" "CPU $(median "${off_c[@]}") s"
row "unzip -p of the same sheets, one core" "standard" "${unzip_m} s" "1.00" "the reference of the dry-run ratios"
row "etl --dry-run, one core" "standard" "$(median "${dry1_s[@]}") s" "$(ratio "$(median "${dry1_s[@]}")" "$unzip_m")x unzip -p" "target <= 0.6x"
row "etl --dry-run, two cores, inflate thread" "standard" "$(median "${dry_on_s[@]}") s" "$(ratio "$(median "${dry_on_s[@]}")" "$unzip_m")x unzip -p" ""
row "etl --dry-run, two cores, thread off" "standard" "$(median "${dry_off_s[@]}") s" "$(ratio "$(median "${dry_off_s[@]}")" "$unzip_m")x unzip -p" ""

say "inflate thread: one big sheet, $RUNS runs interleaved"
one_s=(); one_c=(); on_s=(); on_c=(); off_s=(); off_c=(); infl_s=()
for _ in $(seq "$RUNS"); do
  read -r s big_cells c < <(it_read one 0 "$IT_BIG_FILE"); one_s+=("$s"); one_c+=("$c")
  infl_s+=("$(it_inflate "$IT_BIG_FILE")")
  read -r s _ c < <(it_read two 1 "$IT_BIG_FILE"); on_s+=("$s"); on_c+=("$c")
  read -r s _ c < <(it_read two 0 "$IT_BIG_FILE"); off_s+=("$s"); off_c+=("$c")
done
row "read_bench, one core (no inflate thread)" "one big sheet" "$(per_s "$big_cells" "$(median "${one_c[@]}")") cells per CPU s" "-" "wall $(median "${one_s[@]}") s, CPU $(median "${one_c[@]}") s, inflating included"
row "scanning and converting alone, one core" "one big sheet" "$(scan_rate "$big_cells" "$(median "${one_s[@]}")" "$(median "${infl_s[@]}")") cells/s" "-" "the read less inflating ($(median "${infl_s[@]}") s); target 25,000,000 cells/s"
row "read_bench, two cores, inflate thread" "one big sheet" "$(median "${on_s[@]}") s" "$(ratio "$(median "${on_s[@]}")" "$(median "${off_s[@]}")")" "CPU $(median "${on_c[@]}") s; ratio to the thread off"
row "read_bench, two cores, thread off" "one big sheet" "$(median "${off_s[@]}") s" "1.00" "CPU $(median "${off_c[@]}") s"

say "inflate thread: big sheet end to end against the loader floor, $RUNS runs interleaved"
floor_setup
# it_etl THREAD: end to end into a fresh database, THREAD the value of
# PGDATAHUB_INFLATE_THREAD (auto: the default); echoes "seconds peak_rss_mb"
it_etl() {
  fresh_db bench_big
  local start; start=$(now)
  PGDATAHUB_INFLATE_THREAD="$1" DATABASE_URL="$(db_url bench_big)" /usr/bin/time -v "$BIN" etl "$OUT/big" --json >"$TMP/it.json" 2>"$TMP/it.time"
  echo "$(elapsed "$start") $(max_rss_mb "$TMP/it.time")"
  json_rows "$TMP/it.json" >/dev/null
}
# The default (auto: the inflate thread only when the load has 3 cores or
# more) is what a user gets; the thread forced on is its alternative.
floor_s=(); e2e_on_s=(); e2e_auto_s=(); rss_on=(); rss_auto=()
for _ in $(seq "$RUNS"); do
  floor_s+=("$(floor_once freeze)")
  read -r s r < <(it_etl auto); e2e_auto_s+=("$s"); rss_auto+=("$r")
  read -r s r < <(it_etl 1); e2e_on_s+=("$s"); rss_on+=("$r")
done
floor_m=$(median "${floor_s[@]}")
row "binary COPY ... FREEZE into a new table (loader floor)" "one big sheet" "${floor_m} s" "1.00" "runs: ${floor_s[*]}"
row "pgdatahub etl end to end, default" "one big sheet" "$(median "${e2e_auto_s[@]}") s" "$(ratio "$(median "${e2e_auto_s[@]}")" "$floor_m")x floor" "target <= 1.15x; inflate thread $( [ "$(nproc)" -ge 3 ] && echo on || echo off) with $(nproc) cores; peak RSS $(median "${rss_auto[@]}") MB; runs: ${e2e_auto_s[*]}"
row "pgdatahub etl end to end, inflate thread forced on" "one big sheet" "$(median "${e2e_on_s[@]}") s" "$(ratio "$(median "${e2e_on_s[@]}")" "$floor_m")x floor" "PGDATAHUB_INFLATE_THREAD=1; peak RSS $(median "${rss_on[@]}") MB; runs: ${e2e_on_s[*]}"
drop_db bench_big
floor_teardown
