# cerco-test-links: cli
# The `cerco` command end to end: exit codes of every subcommand, the approved summary
# of the default scenario, the files under --out (manifest, CSV, SVG), refusal of a used
# folder, and that an interrupted or failed run leaves no partial file under a final name.
# Usage: bash tests/cli.test.sh CERCO SOURCE_DIR BUILD_DIR
# CERCO_APPROVE=1 rewrites tests/approved/run_la_paz_2019.txt from the current output.
set -u
cerco=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

pass() { echo "ok    $1"; }
fail() { echo "FAIL  $1"; failures=$((failures + 1)); }

# expect CODE DESCRIPTION COMMAND...: runs COMMAND, keeps stdout/stderr in $work/out, err.
expect() {
  local want=$1 desc=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then pass "$desc (exit $want)"; else
    fail "$desc: exit $got, expected $want: $*"
    head -5 "$work/err"
  fi
}
contains() { grep -q -- "$2" "$1" && pass "$3" || fail "$3: no '$2' in $(basename "$1")"; }
mask() { sed -E 's/^(  wall time +).*/\1(masked)/' "$1"; }

# --- usage, help, version -----------------------------------------------------------
expect 0 "--version" "$cerco" --version
contains "$work/out" "cerco 0" "--version prints the version"
expect 2 "no subcommand" "$cerco"
expect 2 "unknown flag" "$cerco" --no-such-flag
expect 2 "unknown subcommand" "$cerco" fly
for sub in run check list bench "bench phold" "bench model"; do
  # shellcheck disable=SC2086
  expect 0 "$sub --help" "$cerco" $sub --help
  contains "$work/out" "Examples:" "$sub --help has examples"
done

# --- run: the approved summary ----------------------------------------------------
approved=$src/tests/approved/run_la_paz_2019.txt
expect 0 "run (default scenario)" "$cerco" run
mask "$work/out" >"$work/summary.txt"
cp "$work/out" "$work/summary.raw"
if [ "${CERCO_APPROVE:-0}" = 1 ]; then
  cp "$work/summary.txt" "$approved"
  echo "approved: $approved"
fi
if diff -u "$approved" "$work/summary.txt"; then pass "summary matches the approved file"; else
  fail "summary differs from $approved (CERCO_APPROVE=1 re-approves)"
fi
expect 0 "run la_paz_2019 by name" "$cerco" run la_paz_2019 --quiet
[ ! -s "$work/out" ] && pass "--quiet prints nothing" || fail "--quiet printed something"

expect 0 "run --json" "$cerco" run --json
text_hash=$(sed -nE 's/^  run hash +([0-9a-f]{16})$/\1/p' "$work/summary.raw")
json_hash=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["run_hash"])' <"$work/out")
[ -n "$text_hash" ] && [ "$text_hash" = "$json_hash" ] && pass "--json has the printed run hash" ||
  fail "--json run hash '$json_hash' != text '$text_hash'"

# --- run: bad input is exit 2 -------------------------------------------------------
expect 2 "run an unknown scenario" "$cerco" run no_such_scenario_anywhere
[ -s "$work/err" ] && pass "unknown scenario explained on stderr" || fail "no message"
expect 2 "run --until with a bad unit" "$cerco" run --until 3 weeks
expect 2 "run --until 3x" "$cerco" run --until 3x
expect 2 "run --sample 0s" "$cerco" run --sample 0s
expect 2 "run --set without =" "$cerco" run --set nonsense
expect 2 "run --set an unknown path" "$cerco" run --set no_such_table.no_such_key=1
expect 2 "run --seed -1" "$cerco" run --seed -1
printf '[scenario]\nnmae = "x"\ndurration = "1d"\n' >"$work/broken.toml"
expect 2 "run a broken file" "$cerco" run "$work/broken.toml"
[ "$(grep -c 'error' "$work/err")" -ge 2 ] && pass "every diagnostic printed" ||
  fail "expected at least two diagnostics: $(cat "$work/err")"

# --- run --out: the files ----------------------------------------------------------
out=$work/o
expect 0 "run --out" "$cerco" run --out "$out"
for f in manifest.json timeseries.csv events.jsonl triggers.jsonl summary.json; do
  [ -s "$out/$f" ] && pass "$f written" || fail "$f missing or empty"
done
printed=$(sed -nE 's/^  run hash +([0-9a-f]{16})$/\1/p' "$work/out")
python3 - "$out" "$printed" <<'PY' && pass "manifest, CSV and SVG check" || fail "manifest, CSV or SVG check"
import csv, json, os, sys, glob
import xml.etree.ElementTree as ET
out, printed = sys.argv[1], sys.argv[2]
m = json.load(open(os.path.join(out, "manifest.json")))
assert m["run_hash"] == printed, (m["run_hash"], printed)
for f in m["files"]:
    assert os.path.exists(os.path.join(out, f)), f
rows = list(csv.reader(open(os.path.join(out, "timeseries.csv"))))
assert rows[0] == ["time_s", "date", "node", "city", "commodity", "stock", "cover_d", "unmet"], rows[0]
body = rows[1:]
ts = m["timeseries"]
assert len(body) == ts["rows"] == ts["series"] * ts["samples"], (len(body), ts)
end = m["end_s"]
assert ts["samples"] == (end + 3599) // 3600 + 1, (ts["samples"], end)
times = sorted({int(r[0]) for r in body})
assert times[0] == 0 and times[-1] == end and len(times) == ts["samples"]
for r in body:
    assert len(r) == 8 and int(r[5]) >= 0 and int(r[7]) >= 0, r
    assert r[6] == "" or float(r[6]) >= 0, r
events = [json.loads(l) for l in open(os.path.join(out, "events.jsonl"))]
assert len(events) == m["records"]["events"] and all("kind" in e for e in events)
triggers = [json.loads(l) for l in open(os.path.join(out, "triggers.jsonl"))]
assert all(t["kind"] == "trigger_fired" or "negotiation" in t for t in triggers)
summary = json.load(open(os.path.join(out, "summary.json")))
assert summary["run_hash"] == printed and "wall_ms" not in summary
svgs = glob.glob(os.path.join(out, "*.svg"))
assert svgs, "no charts"
for s in svgs:
    assert ET.parse(s).getroot().tag == "{http://www.w3.org/2000/svg}svg", s
leftovers = [f for f in os.listdir(out) if ".tmp." in f]
assert not leftovers, leftovers
PY
expect 2 "run --out into a used folder" "$cerco" run --out "$out"
contains "$work/err" "--force" "refusal names --force"
expect 0 "run --out --force" "$cerco" run --out "$out" --force --quiet
expect 0 "second run for determinism" "$cerco" run --out "$work/o2" --quiet
diff -r "$out" "$work/o2" >/dev/null && pass "two runs write identical files" ||
  fail "two runs wrote different files"
touch "$work/plainfile"
expect 2 "run --out onto a file" "$cerco" run --out "$work/plainfile" --force

# --- a failed write: exit 1, no partial file, no temporary -----------------------
( trap '' XFSZ; ulimit -f 16; exec "$cerco" run --out "$work/small" --quiet ) >"$work/out" 2>"$work/err"
code=$?
[ "$code" -eq 1 ] && pass "a failed write is exit 1" || fail "failed write: exit $code, expected 1"
leftover=$(find "$work/small" -name '*.tmp.*' | wc -l)
[ "$leftover" -eq 0 ] && pass "a failed write leaves no temporary" || fail "temporaries left"
[ ! -e "$work/small/manifest.json" ] && pass "a failed run has no manifest" || fail "manifest written"
for f in "$work"/small/*; do
  [ -e "$f" ] || continue
  case $(basename "$f") in
    *.svg) python3 -c 'import sys,xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$f" ||
             fail "partial $(basename "$f")" ;;
    summary.json) python3 -c 'import sys,json; json.load(open(sys.argv[1]))' "$f" ||
             fail "partial summary.json" ;;
  esac
done

# --- kill -9 in the middle of a long run: nothing under a final name ----------
"$cerco" run --out "$work/killed" --sample 10s --quiet &
pid=$!
sleep 0.5
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
finals=$(find "$work/killed" -type f ! -name '.*.tmp.*' | wc -l)
[ "$finals" -eq 0 ] && pass "kill -9 leaves no file under a final name" ||
  fail "kill -9 left $(ls "$work/killed")"

# --- check and list --------------------------------------------------------------
expect 0 "check la_paz_2019" "$cerco" check la_paz_2019
expect 2 "check a broken file" "$cerco" check la_paz_2019 "$work/broken.toml"
contains "$work/out" "ok  la_paz_2019" "check reports the good file"
expect 2 "check a missing file" "$cerco" check "$work/none.toml"
expect 2 "check with no file" "$cerco" check
expect 0 "list" "$cerco" list
contains "$work/out" "la_paz_2019" "list shows la_paz_2019"

# --- bench ---------------------------------------------------------------------------
expect 0 "bench phold" "$cerco" bench phold --lps 100 --events-per-lp 4 --events 20000
contains "$work/out" "final population  *400 " "PHOLD conserves N x M"
expect 2 "bench phold --mean below --lookahead" "$cerco" bench phold --mean 10 --lookahead 20
expect 2 "bench phold --remote 2" "$cerco" bench phold --remote 2
expect 2 "bench with no benchmark" "$cerco" bench
expect 0 "bench model" "$cerco" bench model --repeat 2
contains "$work/out" "peak memory" "bench model prints peak memory"
expect 0 "bench model --scale" "$cerco" bench model --scale 1 --days 3 --repeat 1
expect 2 "bench model --scale 0" "$cerco" bench model --scale 0
expect 2 "bench model of a broken file" "$cerco" bench model "$work/broken.toml"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
