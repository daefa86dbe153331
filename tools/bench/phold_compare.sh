#!/usr/bin/env bash
# PHOLD side by side: cerco, a naive C++ reference and SimPy 2, at 1000 LPs x 10 events
# (remote 0.5, mean 1000 us, lookahead 100 us). Builds what it needs, runs each
# implementation REPEATS times (interleaved, so that a busy machine slows all three
# alike), and prints the median events/s of each and the ratios cerco/naive and
# cerco/SimPy. cerco's figure comes from `cerco bench phold` when the built cerco has
# it, else from the stand-alone driver tools/bench/phold_cerco.cpp (same run_phold).
#
# Usage: tools/bench/phold_compare.sh
# Environment: BUILD_DIR (default build/bench), REPEATS (5), CERCO_EVENTS (20000000),
#   NAIVE_EVENTS (10000000), SIMPY_EVENTS (200000), SIMPY_REPEATS (3), USE_DRIVER (1:
#   measure cerco with the driver even when `cerco` builds; skips building it).
# Exit: 0 figures printed; 1 a run failed or lost events; 2 build or usage error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${BUILD_DIR:-$root/build/bench}"
repeats="${REPEATS:-5}"
simpy_repeats="${SIMPY_REPEATS:-3}"
cerco_events="${CERCO_EVENTS:-20000000}"
naive_events="${NAIVE_EVENTS:-10000000}"
simpy_events="${SIMPY_EVENTS:-200000}"
lps=1000
per_lp=10
model=(--lps "$lps" --events-per-lp "$per_lp" --remote 0.5 --seed 1)
# The drivers name mean and lookahead --mean-us/--lookahead-us, cerco bench phold
# --mean/--lookahead (all in microseconds).
driver_model=("${model[@]}" --mean-us 1000 --lookahead-us 100)
cli_model=("${model[@]}" --mean 1000 --lookahead 100)

if [ $# -gt 0 ]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

echo "phold_compare: building in $build"
mkdir -p "$build"
logs="$build/phold_compare"
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if ! cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCERCO_BUILD_TESTS=OFF >"$logs.configure.log" 2>&1; then
  echo "phold_compare: cmake configure failed; see $logs.configure.log" >&2
  exit 2
fi
if ! cmake --build "$build" --target phold_naive phold_cerco -j 2 >"$logs.build.log" 2>&1; then
  echo "phold_compare: building the bench drivers failed; see $logs.build.log" >&2
  exit 2
fi
cerco_cmd=("$build/tools/bench/phold_cerco" "${driver_model[@]}")
cerco_name="cerco (phold_cerco driver)"
if [ "${USE_DRIVER:-0}" != 1 ] && cmake --build "$build" --target cerco -j 2 >>"$logs.build.log" 2>&1 &&
  "$build/sim/cli/cerco" bench phold --help >/dev/null 2>&1; then
  cerco_cmd=("$build/sim/cli/cerco" bench phold "${cli_model[@]}")
  cerco_name="cerco (cerco bench phold)"
else
  echo "phold_compare: \`cerco bench phold\` not available; using the driver"
fi

# Prints the events/s figure of one run; fails when the run fails.
rate_of() {
  local out
  if ! out="$("$@" 2>&1)"; then
    echo "phold_compare: run failed: $*" >&2
    echo "$out" >&2
    return 1
  fi
  python3 - "$out" <<'PY'
import re, sys
text = sys.argv[1]
# "events/s 123" or a table row "events/s   12,345,678"; digits may be grouped by commas.
m = re.search(r"events/s[^0-9\n]*([0-9][0-9,]*(?:\.[0-9]+)?)", text)
pop = re.search(r"final population[^0-9\n]*([0-9][0-9,]*)", text)
if not m or not pop:
    sys.exit("phold_compare: no events/s or population in:\n" + text)
if int(pop.group(1).replace(",", "")) != 1000 * 10:
    sys.exit("phold_compare: population %s, expected 10000" % pop.group(1))
print(float(m.group(1).replace(",", "")))
PY
}

cerco_rates=() naive_rates=() simpy_rates=()
for ((r = 1; r <= repeats; r++)); do
  echo "phold_compare: round $r of $repeats"
  cerco_rates+=("$(rate_of "${cerco_cmd[@]}" --events "$cerco_events")")
  naive_rates+=("$(rate_of "$build/tools/bench/phold_naive" "${driver_model[@]}" --events "$naive_events")")
  if ((r <= simpy_repeats)); then
    simpy_rates+=("$(rate_of /usr/bin/python3 "$root/tools/bench/phold_simpy.py" "${driver_model[@]}" \
      --events "$simpy_events")")
  fi
done

python3 - "$cerco_name" "$cerco_events" "$naive_events" "$simpy_events" \
  "${cerco_rates[*]}" "${naive_rates[*]}" "${simpy_rates[*]}" <<'PY'
import statistics, sys
name, ce, ne, se = sys.argv[1:5]
rates = [list(map(float, s.split())) for s in sys.argv[5:8]]
med = [statistics.median(r) for r in rates]
print()
print("PHOLD, 1000 LPs x 10 events, remote 0.5, mean 1000 us, lookahead 100 us")
print("%-34s %12s %8s %16s" % ("implementation", "events/run", "runs", "median events/s"))
rows = [(name, ce), ("naive C++ (std::priority_queue)", ne), ("SimPy 2 (python3-simpy)", se)]
for (label, events), r, m in zip(rows, rates, med):
    print("%-34s %12s %8d %16s" % (label, events, len(r), format(round(m), ",")))
print()
print("cerco / naive: %6.2fx   (target >= 1.5x)" % (med[0] / med[1]))
print("cerco / SimPy: %6.0fx   (target >= 60x)" % (med[0] / med[2]))
PY
