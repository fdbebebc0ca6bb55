#!/usr/bin/env bash
# Keeps the documentation and the program in step: every option a command's
# --help lists is documented in README.md or a docs/ page it links, and every
# pgdatahub option the documentation names exists. Usage: readme_options_test.sh PROGRAM SOURCE_DIR
set -euo pipefail
program=$1
source_dir=$2
# Options of other commands the documentation shows (scripts/*, bench/run_benchmarks,
# bench/parallel_bench, cmake, ctest).
# Options the program refuses with a message naming the one to use, which the documentation explains.
refused_options=" --pgdata "
script_options=" --program --sanitize --thread --postgres --fix --base --output-on-failure --test-dir --install --prefix --all --system --reader-floor-only --inflate-thread-only --before --one-folder --runs "

commands=$("$program" --help | awk '/^Subcommands:/ {on = 1; next} on && NF {print $1}')
program_options=" --help --version "
for command in $commands; do
  for option in $("$program" "$command" --help | grep -oE '^  (-[a-zA-Z],)?--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z0-9-]+'); do
    program_options+="$option "
  done
done

status=0
# docs/ counts as documentation because the README leads to every page of it.
for page in "$source_dir"/docs/*.md; do
  if ! grep -qF "](docs/$(basename "$page"))" "$source_dir/README.md"; then
    echo "readme_options_test: README.md does not link docs/$(basename "$page"): add the link" >&2
    status=1
  fi
done
documented=$(cat "$source_dir/README.md" "$source_dir"/docs/*.md | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
for option in $program_options; do
  if ! grep -qx -- "$option" <<<"$documented"; then
    echo "readme_options_test: $option is in --help but not in README.md or docs/: document it" >&2
    status=1
  fi
done
for option in $documented; do
  if [[ $program_options != *" $option "* && $script_options != *" $option "* &&
        $refused_options != *" $option "* ]]; then
    echo "readme_options_test: the documentation names $option, which no command accepts: fix the text" >&2
    status=1
  fi
done
((status == 0)) && echo "readme_options_test: $(wc -w <<<"$program_options") options, each documented"
exit $status
