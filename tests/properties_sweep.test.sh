#!/usr/bin/env bash
# Property: a sweep's results do not depend on the number of worker threads. A plan over
# the negotiation tutorial (a trigger starts talks whose length and outcome are drawn), with a
# stepped range, a value list and replications, run with --jobs 1 and --jobs 2, must
# write byte-identical runs.csv and aggregate.csv.
# Usage: properties_sweep.test.sh CERCO SOURCE_DIR BUILD_DIR
set -uo pipefail
cerco=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/cerco-properties-sweep.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat >"$work/plan.toml" <<'PLAN'
[plan]
scenario = "tutorial/negotiation"
replications = 5
seed = 77

[[param]]
path = "fleet.tankers.trucks"
range = { from = 1, to = 7, step = 3 }

[[param]]
path = "blockade.depot_gate.participants"
values = [200, 1500, 6000]

[[outcome]]
name = "unmet.*"

[[outcome]]
name = "events"
PLAN
status=0
for jobs in 1 2; do
  if ! "$cerco" sweep "$work/plan.toml" --jobs $jobs --out "$work/j$jobs" >"$work/out$jobs.txt" 2>&1; then
    echo "FAIL: cerco sweep --jobs $jobs exited non-zero:"; cat "$work/out$jobs.txt"; exit 1
  fi
done
for f in runs.csv aggregate.csv; do
  if ! cmp -s "$work/j1/$f" "$work/j2/$f"; then
    echo "FAIL: $f differs between --jobs 1 and --jobs 2 (plan kept as $work/plan.toml):"
    diff "$work/j1/$f" "$work/j2/$f" | head -10
    trap - EXIT
    status=1
  fi
done
rows=$(($(wc -l <"$work/j1/runs.csv") - 1))
[[ $rows -eq 45 ]] || { echo "FAIL: runs.csv has $rows runs, expected 3 x 3 x 5 = 45"; status=1; }
# Replications differ in their seeds; if every run hash were equal the check above
# would prove nothing.
hashes=$(awk -F, 'NR > 1 { print $NF }' "$work/j1/runs.csv" | sort -u | wc -l)
[[ $hashes -gt 9 ]] || { echo "FAIL: only $hashes distinct run hashes in 45 runs"; status=1; }
[[ $status -eq 0 ]] && echo "ok: --jobs 1 and --jobs 2 agree on 45 runs"
exit $status
