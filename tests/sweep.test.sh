#!/usr/bin/env bash
# Sweeps end to end: thread-count independence, shards merged equal the unsharded sweep,
# a killed and resumed sweep equals an uninterrupted one, Latin hypercubes, expectations,
# Slurm scripts, and bad plans with their messages.
# Usage: sweep.test.sh CERCO SOURCE_DIR BUILD_DIR
set -uo pipefail
cerco=$1
src=$2
work=$(mktemp -d "${3:-/tmp}/sweep-test.XXXXXX")
data=$src/tests/data/sweeps
failures=0
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
same_dirs() {  # every file an unsharded sweep writes, byte for byte
  if diff -r "$1" "$2" >"$work/diff.txt"; then pass "$3"; else fail "$3"; head -20 "$work/diff.txt"; fi
}
run() {  # run CMD...: quiet, exit status kept in $rc, output in $work/out.txt
  "$@" >"$work/out.txt" 2>&1
  rc=$?
}

# --- --jobs 1 and --jobs 2 write the same files -----------------------------------
run "$cerco" sweep "$data/airlift_grid.toml" --jobs 1 --out "$work/j1" --check
[ $rc -eq 0 ] || { fail "--jobs 1 --check exit $rc"; cat "$work/out.txt"; }
grep -q "expectations: .* checks passed" "$work/out.txt" || fail "--check prints its tally"
grep -q "runs/s per thread" "$work/out.txt" || fail "the sweep prints its speed"
run "$cerco" sweep "$data/airlift_grid.toml" --jobs 2 --out "$work/j2" --check
[ $rc -eq 0 ] || fail "--jobs 2 --check exit $rc"
same_dirs "$work/j1" "$work/j2" "--jobs 1 and --jobs 2 write identical folders"
[ "$(wc -l <"$work/j1/runs.csv")" -eq 25 ] || fail "runs.csv has a header and 24 rows"
[ "$(wc -l <"$work/j1/aggregate.csv")" -eq 7 ] || fail "aggregate.csv has a header and 6 points"
head -1 "$work/j1/runs.csv" | grep -q '^run,point,replication,seed,airlift.food_flights.flights,blockade.farm_road_blockade.strength,stockout_day.Island City.perishables,hours_short.Island City.perishables,unmet.Island City.perishables,events,run_hash$' \
  || fail "runs.csv header: $(head -1 "$work/j1/runs.csv")"
# The range 2..8 step 3 expands to 2, 5, 8; replication k uses seed 100 + k at every point.
cut -d, -f5 "$work/j1/runs.csv" | tail -n +2 | uniq | tr '\n' ' ' | grep -q '^2 5 8 $' \
  || fail "range expands to 2 5 8"
awk -F, 'NR > 1 && $4 != 100 + $3 { bad = 1 } END { exit bad }' "$work/j1/runs.csv" \
  || fail "replication k uses seed base + k"
ls "$work/j1/charts" | grep -q '__airlift_food_flights_flights__blockade_farm_road_blockade_strength.svg' \
  || fail "a heat map for the pair of parameters"
ls "$work/j1/charts" | grep -q '^events__airlift_food_flights_flights.svg$' || fail "a line chart per parameter"
grep -q "Morris elementary effects" "$work/j1/sensitivity.csv" || fail "sensitivity.csv names its method"

# --- shards 1..3 merged equal the unsharded sweep ------------------------------------
for i in 3 1 2; do
  run "$cerco" sweep "$data/airlift_grid.toml" --jobs 2 --shard "$i/3" --out "$work/s$i"
  [ $rc -eq 0 ] || fail "shard $i/3 exit $rc"
done
run "$cerco" merge "$work/s1" "$work/s2" --out "$work/m"
[ $rc -eq 2 ] && grep -q "missing shard(s) 3 of 3" "$work/out.txt" || fail "merge refuses a missing shard"
run "$cerco" merge "$work/s2" "$work/s3" "$work/s1" --out "$work/m" --check
[ $rc -eq 0 ] || { fail "merge exit $rc"; cat "$work/out.txt"; }
same_dirs "$work/j1" "$work/m" "three shards merged equal the unsharded sweep"
run "$cerco" merge "$work/s1" "$work/s2" "$work/s3" --out "$work/m"
[ $rc -eq 2 ] && grep -q -- "--force" "$work/out.txt" || fail "merge will not overwrite without --force"
run "$cerco" sweep "$data/airlift_fail.toml" --shard 1/3 --out "$work/other"
run "$cerco" merge "$work/s1" "$work/s2" "$work/other" --out "$work/m2"
[ $rc -eq 2 ] && grep -q "different sweeps" "$work/out.txt" || fail "merge refuses shards of another plan"
# A shard written by a cerco with the earlier run hash (its state has no run_hash line).
cp -r "$work/s3" "$work/s3old"
grep -v '^run_hash=' "$work/s3/sweep.state" | sed 's/^cerco-sweep-state 2$/cerco-sweep-state 1/' \
  >"$work/s3old/sweep.state"
run "$cerco" merge "$work/s1" "$work/s2" "$work/s3old" --out "$work/m4"
[ $rc -eq 2 ] && grep -q "run hashes differ" "$work/out.txt" || fail "merge refuses a shard of another run hash version"
run "$cerco" sweep "$data/airlift_grid.toml" --jobs 2 --shard 3/3 --out "$work/s3old" --resume
[ $rc -eq 2 ] && grep -q "run hashes differ" "$work/out.txt" || fail "resume refuses rows of another run hash version"
rm "$work/s2/runs.csv"
run "$cerco" merge "$work/s1" "$work/s2" "$work/s3" --out "$work/m3"
[ $rc -eq 2 ] && grep -q "incomplete" "$work/out.txt" || fail "merge refuses an incomplete shard"
run "$cerco" sweep "$data/airlift_grid.toml" --shard 0/3 --out "$work/s0"
[ $rc -eq 2 ] && grep -q "numbered from 1" "$work/out.txt" || fail "--shard 0/3 is refused"

# --- killed halfway (SIGKILL), resumed: the same files as one uninterrupted run -------
run "$cerco" sweep "$data/airlift_long.toml" --jobs 2 --out "$work/whole"
[ $rc -eq 0 ] || fail "long sweep exit $rc"
total=$(($(wc -l <"$work/whole/runs.csv") - 1))
"$cerco" sweep "$data/airlift_long.toml" --jobs 2 --out "$work/killed" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 400); do
  rows=$(($(cat "$work/killed/runs.csv.part" 2>/dev/null | wc -l) - 1))
  [ "$rows" -ge $((total / 3)) ] && break
  sleep 0.01
done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if [ -f "$work/killed/runs.csv" ]; then
  fail "the sweep finished before it could be killed (make airlift_long.toml longer)"
else
  done_rows=$(($(wc -l <"$work/killed/runs.csv.part") - 1))
  pass "killed after $done_rows of $total runs"
  printf '12345,7,torn' >>"$work/killed/runs.csv.part"  # a torn last write
  run "$cerco" sweep "$data/airlift_long.toml" --jobs 2 --out "$work/killed"
  [ $rc -eq 2 ] && grep -q -- "--resume" "$work/out.txt" || fail "a second run without --resume is refused"
  run "$cerco" sweep "$data/airlift_long.toml" --jobs 1 --out "$work/killed" --resume
  [ $rc -eq 0 ] || { fail "resume exit $rc"; cat "$work/out.txt"; }
  grep -q "already done" "$work/out.txt" || fail "resume says how many runs were already done"
  same_dirs "$work/whole" "$work/killed" "killed and resumed equals uninterrupted"
fi

# --- Ctrl-C (SIGINT) stops cleanly, says how to resume, and the resume completes ------
"$cerco" sweep "$data/airlift_long.toml" --jobs 2 --out "$work/int" >"$work/int.txt" 2>&1 &
pid=$!
for _ in $(seq 1 400); do
  rows=$(($(cat "$work/int/runs.csv.part" 2>/dev/null | wc -l) - 1))
  [ "$rows" -ge 50 ] && break
  sleep 0.01
done
kill -INT "$pid"
wait "$pid"
rc=$?
if [ -f "$work/int/runs.csv" ]; then
  fail "the sweep finished before SIGINT"
else
  [ $rc -eq 130 ] || fail "SIGINT exit $rc (want 130)"
  grep -q "continue with: cerco sweep .* --resume" "$work/int.txt" || fail "SIGINT message says how to resume"
  run "$cerco" sweep "$data/airlift_long.toml" --jobs 2 --out "$work/int" --resume
  [ $rc -eq 0 ] || fail "resume after SIGINT exit $rc"
  same_dirs "$work/whole" "$work/int" "interrupted and resumed equals uninterrupted"
fi

# --- Latin hypercube: deterministic, one sample per stratum ----------------------------
run "$cerco" sweep "$data/airlift_lhs.toml" --jobs 2 --out "$work/lhs1"
[ $rc -eq 0 ] || { fail "lhs exit $rc"; cat "$work/out.txt"; }
run "$cerco" sweep "$data/airlift_lhs.toml" --jobs 1 --out "$work/lhs2"
same_dirs "$work/lhs1" "$work/lhs2" "a Latin hypercube is the same for any thread count"
# strength in [0.1, 1.0): 12 strata of width 0.075, each holding exactly one sample
awk -F, 'NR > 1 && $3 == 0 { s = int(($5 - 0.1) / 0.075); seen[s]++ } END { for (i = 0; i < 12; i++) if (seen[i] != 1) exit 1 }' \
  "$work/lhs1/runs.csv" || fail "each stratum of the hypercube holds one sample"
grep -q "linear slope" "$work/lhs1/sensitivity.csv" || fail "hypercube sensitivity method"

# --- expectations that fail ----------------------------------------------------------
run "$cerco" sweep "$data/airlift_fail.toml" --out "$work/fail" --check
[ $rc -eq 1 ] || fail "--check with a failing band exit $rc (want 1)"
grep -q "airlift_fail.toml:14:1: check failed: events mean = .* outside \[-inf, 0.5\]" "$work/out.txt" \
  || { fail "the failing outcome is named with its band"; cat "$work/out.txt"; }
run "$cerco" sweep "$data/airlift_fail.toml" --out "$work/fail2"
[ $rc -eq 0 ] || fail "without --check expectations do not fail the sweep"

# --- Slurm scripts ---------------------------------------------------------------------
run "$cerco" sweep "$data/airlift_grid.toml" --slurm "$work/slurm" --tasks 3 --partition debug --time 00:10:00 --cpus-per-task 2
[ $rc -eq 0 ] || fail "--slurm exit $rc"
for f in sweep.sbatch merge.sbatch submit.sh; do
  bash -n "$work/slurm/$f" || fail "$f is valid bash"
done
grep -q '^#SBATCH --array=1-3$' "$work/slurm/sweep.sbatch" || fail "array 1-3"
grep -q '^#SBATCH --partition=debug$' "$work/slurm/sweep.sbatch" || fail "partition"
grep -q '^#SBATCH --time=00:10:00$' "$work/slurm/sweep.sbatch" || fail "time limit"
grep -q -- '--shard "$SHARD/$TASKS"' "$work/slurm/sweep.sbatch" || fail "shard flag"
grep -q -- '--dependency=afterok' "$work/slurm/submit.sh" || fail "merge depends on the array (afterok)"
grep -q -- '--check' "$work/slurm/merge.sbatch" || fail "the merge checks the plan's expectations"

# --- bad plans: exit 2 with file:line:col and a clear message ---------------------------
expect_bad() {  # file, pattern
  run "$cerco" sweep "$data/$1" --out "$work/bad"
  if [ $rc -ne 2 ]; then fail "$1: exit $rc (want 2)"; return; fi
  grep -qE "$2" "$work/out.txt" && pass "$1 is refused" || { fail "$1 message"; cat "$work/out.txt"; }
}
expect_bad bad_path.toml "bad_path.toml:5:8: error: parameter 'blockade.farm_road_blockade.strenght' = 0.5 does not apply.*strength"
expect_bad bad_type.toml "bad_type.toml:5:8: error: parameter 'blockade.farm_road_blockade.strength' = 'strong' does not apply.*expected a number"
expect_bad bad_range.toml "bad_range.toml:6:9: error: empty range for 'blockade.farm_road_blockade.strength'"
expect_bad bad_outcome.toml "bad_outcome.toml:11:1: error: unknown outcome 'stokout_day'; did you mean 'stockout_day'\\?"
expect_bad bad_mixed.toml "bad_mixed.toml:3:15: error: unknown key 'replication' in \\[plan\\]; did you mean 'replications'\\?"
expect_bad bad_mixed.toml "bad_mixed.toml:7:16: error: values of 'blockade.farm_road_blockade.strength' must all have one type"
run "$cerco" sweep "$data/no_such_plan.toml" --out "$work/bad"
[ $rc -eq 2 ] || fail "a missing plan exits 2"
[ ! -e "$work/bad" ] || fail "a bad plan writes nothing"

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all sweep checks passed"
