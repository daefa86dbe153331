#!/usr/bin/env bash
# The cluster test: a real single-node Slurm (tools/slurm-local.sh) runs
# scenarios/sweeps/ci.toml as a job array of 4 shards and a merge job, and the merged
# result must be byte-identical to the same sweep run locally with --jobs 2. Then a
# task is cancelled: the merge must not run and the other shards must stay intact;
# resubmitting the missing shard (it resumes) and the merge must give the same result.
# Prints the Slurm logs when anything fails. Needs root (the daemons run as root).
#
# Usage: tools/ci-slurm.sh BUILD_DIR      (BUILD_DIR holds the built cerco)
set -uo pipefail

build=${1:?usage: ci-slurm.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
cerco=$build/sim/cli/cerco
[ -x "$cerco" ] || cerco=$build/cerco
[ -x "$cerco" ] || { echo "ci-slurm: no cerco in $build" >&2; exit 2; }
cerco=$(cd "$(dirname "$cerco")" && pwd)/$(basename "$cerco")
plan=$root/scenarios/sweeps/ci.toml
work=$(mktemp -d "${TMPDIR:-/tmp}/cerco-ci-slurm.XXXXXX")
export CERCO_SLURM_DIR=$work/cluster
export SLURM_CONF=$CERCO_SLURM_DIR/slurm.conf
timeout_s=${CERCO_CI_SLURM_TIMEOUT:-90}
t0=$(date +%s)
failed=0

logs() {
  echo "---- Slurm logs ----"
  for f in "$CERCO_SLURM_DIR"/log/*.log "$work"/job*/logs/*.out; do
    [ -f "$f" ] || continue
    echo "== $f"
    tail -40 "$f"
  done
}
finish() {
  local rc=$?
  [ $failed -ne 0 ] || [ $rc -ne 0 ] && logs
  "$root/tools/slurm-local.sh" stop >/dev/null 2>&1 || true
  rm -rf "$work"
  echo "ci-slurm: $(($(date +%s) - t0)) s"
}
trap finish EXIT
die() { echo "ci-slurm: FAIL: $*"; failed=1; exit 1; }
ok() { echo "ci-slurm: ok: $*"; }

job_state() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1; }
job_reason() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*Reason=\([A-Za-z_]*\).*/\1/p' | head -1; }

# Waits until no job or array task of the given ids is pending or running.
wait_done() {
  local deadline=$(($(date +%s) + timeout_s))
  while [ -n "$(squeue -h -t PD,R,CG -j "$1" -o %i 2>/dev/null)" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "jobs $1 still queued after ${timeout_s} s"
    sleep 0.5
  done
}

submit() {  # folder [shards] -> "array merge"
  "$1/submit.sh" ${2:+"$2"} | tee "$work/submit.txt" >&2
  sed -n 's/^jobs \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$work/submit.txt"
}

"$root/tools/slurm-local.sh" start || die "the local cluster did not start"

# --- the sweep on the cluster, compared with a local run --------------------------------
"$cerco" sweep "$plan" --slurm "$work/job" --tasks 4 --cpus-per-task 1 --time 00:05:00 ||
  die "cerco sweep --slurm"
read -r array merge < <(submit "$work/job") || die "submit"
[ -n "${merge:-}" ] || die "submit.sh printed no job ids"
"$cerco" sweep "$plan" --jobs 2 --out "$work/local" --check --no-progress >"$work/local.txt" ||
  { cat "$work/local.txt"; die "the local sweep (--jobs 2 --check)"; }
wait_done "$array,$merge"
[ "$(job_state "$merge")" = COMPLETED ] || die "merge job $merge is $(job_state "$merge")"
diff -r "$work/local" "$work/job/result" >"$work/diff.txt" ||
  { head -20 "$work/diff.txt"; die "the merged result differs from the local --jobs 2 sweep"; }
ok "4 shards on Slurm, merged: byte-identical to the local --jobs 2 sweep"

# --- a cancelled task: the merge must not run; resubmitting the shard completes it ------
"$cerco" sweep "$plan" --slurm "$work/job2" --tasks 4 --cpus-per-task 1 --time 00:05:00 ||
  die "cerco sweep --slurm (second)"
read -r array merge < <(submit "$work/job2") || die "submit"
for _ in $(seq 1 200); do  # cancel task 3 once it runs (or at once if it is still pending late)
  state=$(squeue -h -j "${array}_3" -o %T 2>/dev/null)
  [ "$state" = RUNNING ] && [ -s "$work/job2/shard-3/runs.csv.part" ] && break
  [ -z "$state" ] && break
  sleep 0.05
done
scancel "${array}_3" || die "scancel ${array}_3"
wait_done "$array"
[ "$(job_state "${array}_3")" = CANCELLED ] || die "task 3 is $(job_state "${array}_3"), not CANCELLED"
for i in 1 2 4; do
  [ -f "$work/job2/shard-$i/runs.csv" ] || die "shard $i lost its output"
done
sleep 1
state=$(job_state "$merge")
[ "$state" = PENDING ] || die "merge job is $state after a cancelled task (want PENDING)"
[ ! -e "$work/job2/result" ] || die "the merge ran although task 3 was cancelled"
ok "task 3 cancelled: merge $merge $state ($(job_reason "$merge")), shards 1, 2, 4 intact"
scancel "$merge"
read -r array merge < <(submit "$work/job2" 3) || die "resubmit"
wait_done "$array,$merge"
[ "$(job_state "$merge")" = COMPLETED ] || die "merge after resubmission is $(job_state "$merge")"
grep -q "already done" "$work"/job2/logs/sweep_"${array}"_3.out && resumed="resumed" || resumed="restarted"
diff -r "$work/local" "$work/job2/result" >"$work/diff.txt" ||
  { head -20 "$work/diff.txt"; die "the result after resubmission differs"; }
ok "shard 3 resubmitted ($resumed) and merged: byte-identical to the local sweep"
echo "ci-slurm: all checks passed"
