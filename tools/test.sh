#!/usr/bin/env bash
# Install what is missing, build, and run the whole test suite: tools/test.sh [PRESET]
# (release by default; debug and asan also work). Graphical tests need a display, so
# the suite runs under xvfb-run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=${1:-release}
"$root/tools/setup.sh"
"$root/tools/build.sh" "$preset"
cd "$root"
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# -noreset: by default Xvfb resets when its last client leaves, and a test that connects
# during the reset fails to open the display; with tests in parallel that happened to
# about every second run of the suite.
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" ctest --preset "$preset" -j"$(nproc)" --timeout 600
