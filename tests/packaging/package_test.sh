#!/usr/bin/env bash
# Builds the .deb with CPack, unpacks it into a scratch root and checks what a
# user gets from it: the program answers --version, man reads the page with a
# section per command, both completions load and complete, and the package
# depends on the Debian runtime libraries. Usage: package_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "package_test: $*" >&2; exit 1; }

(cd "$scratch" && cpack --config "$build/CPackConfig.cmake" -B "$scratch/out" >"$scratch/cpack.log" 2>&1) ||
  fail "cpack could not build the .deb: $(tail -n 5 "$scratch/cpack.log")"
deb=$(find "$scratch/out" -maxdepth 1 -name 'pgdatahub_*.deb' | head -n 1)
[[ -n $deb ]] || fail "no pgdatahub_*.deb in $scratch/out"

depends=$(dpkg-deb -f "$deb" Depends)
for library in libpq5 libisal2 libyaml-cpp libfmt libssl3 zlib1g; do
  [[ $depends == *"$library"* ]] || fail "Depends lacks $library: $depends"
done
[[ $(dpkg-deb -f "$deb" Depends) != *freexl* ]] || fail "Depends still names FreeXL"

root=$scratch/root
dpkg-deb -x "$deb" "$root"
"$root/usr/bin/pgdatahub" --version | grep -q '^pgdatahub [0-9]' || fail "--version does not name the version"
"$root/usr/bin/pgdatahub" -V | grep -q '^libpq [0-9]' || fail "-V does not name the libpq version"

page=$root/usr/share/man/man1/pgdatahub.1.gz
[[ -f $page ]] || fail "no manual page at /usr/share/man/man1/pgdatahub.1.gz"
text=$(MANWIDTH=100 man -l "$page" 2>/dev/null)
for heading in NAME SYNOPSIS COMMANDS ENVIRONMENT "EXIT STATUS"; do
  grep -q "^$heading" <<<"$text" || fail "the manual page has no $heading section"
done
for command in etl resume status revert history db; do
  grep -qE "^ +$command\$" <<<"$text" || fail "the manual page has no section for '$command'"
done
grep -q -- "--keep-schema" <<<"$text" || fail "the manual page lacks revert's --keep-schema"
[[ -f $root/usr/share/doc/pgdatahub/examples/etl_config.yaml ]] || fail "no example config under share/doc"
[[ -f $root/usr/share/doc/pgdatahub/docs/configuration.md ]] || fail "no docs/ beside the README under share/doc"

# bash: complete a command, then an option of revert.
bash_completion=$root/usr/share/bash-completion/completions/pgdatahub
[[ -f $bash_completion ]] || fail "no bash completion"
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _pgdatahub; echo "${COMPREPLY[*]}"' \
    _ "$bash_completion" "$@"
}
[[ $(complete_words pgdatahub rev) == "revert" ]] || fail "bash completes 'rev' as '$(complete_words pgdatahub rev)'"
[[ $(complete_words pgdatahub re) == *resume* ]] || fail "bash does not complete 're' to resume"
[[ $(complete_words pgdatahub revert --keep) == "--keep-schema" ]] || fail "bash does not complete revert --keep"
[[ $(complete_words pgdatahub db st) == "start stop status" ]] || fail "bash does not complete db verbs"
[[ -f $root/usr/share/zsh/vendor-completions/_pgdatahub ]] || fail "no zsh completion"
head -n 1 "$root/usr/share/zsh/vendor-completions/_pgdatahub" | grep -q '^#compdef pgdatahub' ||
  fail "the zsh completion does not start with #compdef"

echo "package_test: $(basename "$deb") installs the program, pgdatahub(1) and completions; Depends: $depends"
