#!/usr/bin/env bash
# Runs one libFuzzer target for a while: tools/fuzz.sh TARGET SECONDS
#   TARGET: scenario | plan | override | units | request  (or fuzz_<name>)
# Builds build/fuzz with clang if needed, seeds from scenarios/, the sweep plans, the
# protocol's examples (tests/fuzz/seeds/) and tests/regressions/, keeps what it learns
# in build/fuzz/corpus/<target>. Exit 0: no finding; 1: a crash, hang (over 10 s per
# input) or leak, whose input is copied to tests/regressions/<target>-<hash>; 2: usage.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
usage() { echo "usage: tools/fuzz.sh TARGET SECONDS (TARGET: scenario plan override units request)" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
target=${1#fuzz_}
seconds=$2
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || usage
[[ -f $root/tests/fuzz/fuzz_$target.cpp ]] || { echo "fuzz.sh: unknown target '$1'" >&2; usage; }

build=$root/build/fuzz
if [[ ! -f $build/build.ninja ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
    -DCERCO_FUZZ=ON -DCERCO_BUILD_RENDER=OFF -DCERCO_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
    >"$build.configure.log" 2>&1 || { cat "$build.configure.log" >&2; exit 2; }
fi
ninja -C "$build" -j"${FUZZ_BUILD_JOBS:-2}" "fuzz_$target" >/dev/null || { echo "fuzz.sh: build of fuzz_$target failed" >&2; exit 2; }

# Seeds: read-only inputs the fuzzer starts from.
seeds=$build/seeds/$target
rm -rf "$seeds" && mkdir -p "$seeds"
case $target in
  scenario) find "$root/scenarios" -name '*.toml' ! -path '*/sweeps/*' -exec cp -t "$seeds" --backup=numbered {} + ;;
  plan) cp -t "$seeds" --backup=numbered "$root"/scenarios/sweeps/*.toml "$root"/tests/data/sweeps/*.toml ;;
  *) cp -t "$seeds" "$root/tests/fuzz/seeds/$target"/* ;;
esac
for f in "$root"/tests/regressions/"$target"-*; do [[ -f $f ]] && cp "$f" "$seeds/"; done

corpus=$build/corpus/$target
artifacts=$build/artifacts/$target
mkdir -p "$corpus" "$artifacts"
rm -f "$artifacts"/*
log=$build/fuzz_$target.log
echo "fuzz.sh: fuzz_$target for ${seconds}s (log: build/fuzz/fuzz_$target.log)"
timeout --kill-after=30 $((seconds + 300)) "$build/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1
status=$?
if [[ $status -eq 126 || $status -eq 127 ]]; then
  cat "$log" >&2
  echo "fuzz.sh: cannot run $build/fuzz_$target" >&2
  exit 2
fi
grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" | sed "s/^/fuzz_$target: /"
found=0
for f in "$artifacts"/*; do
  [[ -f $f ]] || continue
  found=1
  dest=$root/tests/regressions/$target-$(sha1sum "$f" | cut -c1-12)
  cp "$f" "$dest"
  echo "fuzz.sh: $(basename "$f" | cut -d- -f1) in fuzz_$target; input saved as ${dest#"$root"/}" >&2
done
if [[ $status -ne 0 || $found -ne 0 ]]; then
  grep -E 'ERROR|SUMMARY|runtime error|fuzz property|==[0-9]+==' "$log" | head -20 >&2
  echo "fuzz.sh: fuzz_$target failed (exit $status); replay with: $build/fuzz_$target <input>" >&2
  exit 1
fi
echo "fuzz.sh: fuzz_$target: no crash, hang or leak in ${seconds}s"
