#!/usr/bin/env bash
# Every file in scenarios/invalid/ makes `cerco check` exit with 2 and print the message
# its first line names on stderr. Files that need a lowered limit (a "# limits:" line)
# are valid under the default limits and are checked by scenario_invalid.test.cpp only.
# Usage: invalid_cli.test.sh CERCO SOURCE_DIR [BUILD_DIR]
set -u
cerco=$1
src=${2:-.}
failures=0
checked=0
for f in "$src"/scenarios/invalid/*.toml; do
  if grep -q '^# limits:' "$f"; then continue; fi
  expect=$(head -n 1 "$f" | sed 's/^# expect: //')
  err=$("$cerco" check "$f" 2>&1 >/dev/null)
  code=$?
  checked=$((checked + 1))
  if [ "$code" -ne 2 ]; then
    echo "FAIL $f: exit code $code, expected 2"
    failures=$((failures + 1))
  elif ! grep -qF -- "$expect" <<<"$err"; then
    echo "FAIL $f: stderr lacks: $expect"
    echo "$err" | head -n 5
    failures=$((failures + 1))
  fi
done
echo "$checked invalid files checked, $failures failures"
[ "$checked" -ge 35 ] && [ "$failures" -eq 0 ]
