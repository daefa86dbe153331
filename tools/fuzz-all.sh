#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each (CI: tools/fuzz-all.sh 20). Exit 1 when
# any target finds a crash, hang or leak (its input lands in tests/regressions/).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[[ $# -eq 1 && $1 =~ ^[0-9]+$ ]] || { echo "usage: tools/fuzz-all.sh SECONDS" >&2; exit 2; }
failed=()
for src in "$root"/tests/fuzz/fuzz_*.cpp; do
  name=$(basename "$src" .cpp)
  "$root/tools/fuzz.sh" "${name#fuzz_}" "$1"
  case $? in 0) ;; 1) failed+=("$name") ;; *) exit 2 ;; esac
done
if ((${#failed[@]})); then echo "fuzz-all: findings in ${failed[*]}" >&2; exit 1; fi
echo "fuzz-all: every target ran $1 s without a finding"
