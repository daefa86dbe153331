#!/usr/bin/env bash
# Rules that fire each other at one instant load fine but stop the run with a clear
# error and exit 1, never an endless loop.
set -uo pipefail
cerco=$1
src=$2
file="$src/tests/data/rule_cycle.toml"
"$cerco" check "$file" >/dev/null || { echo "check should accept $file"; exit 1; }
err=$(timeout 60 "$cerco" run "$file" 2>&1 >/dev/null)
rc=$?
if [ "$rc" -ne 1 ]; then echo "expected exit 1, got $rc"; exit 1; fi
case "$err" in
  *"a cycle of rules that fire each other"*) echo "cycle stopped: $err" ;;
  *) echo "unexpected message: $err"; exit 1 ;;
esac
