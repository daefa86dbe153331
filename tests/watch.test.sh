#!/usr/bin/env bash
# The watch window under scripted input, and the no-display message.
# Usage: watch.test.sh CERCO SOURCE_DIR BUILD_DIR. Needs an X display for the window part
# (the suite runs under xvfb-run -a); without one it re-runs itself under xvfb-run.
set -u
cerco=$(realpath "$1")
fail() { echo "FAIL: $*" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. No display: watch, render and bench render refuse with a clear message and exit 2.
for cmd in "watch" "render --frames $work/none" "bench render"; do
  out=$(env -u DISPLAY "$cerco" $cmd 2>&1); rc=$?
  [ "$rc" -eq 2 ] || fail "'$cmd' without a display exited $rc, expected 2: $out"
  grep -q "DISPLAY is not set" <<<"$out" || fail "'$cmd' without a display: no message: $out"
done
out=$(env -u DISPLAY "$cerco" render --frames "$work/none" 2>&1)
grep -q "xvfb-run -a" <<<"$out" || fail "render without a display gives no xvfb-run hint: $out"
[ ! -e "$work/none" ] || fail "render without a display created its folder"

if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null || fail "no DISPLAY and no xvfb-run to make one"
  exec xvfb-run -a bash "$0" "$@"
fi

# 2. Bad scripts are usage errors, found before any window opens.
out=$("$cerco" watch --script "pause;fly 3d" 2>&1); rc=$?
[ "$rc" -eq 2 ] || fail "a bad script exited $rc, expected 2"
grep -q "unknown command \`fly\`" <<<"$out" || fail "a bad script's message: $out"

# 3. The window opens, runs a second of scripted input and saves a screenshot.
cd "$work" || exit 1
script="pause; speed+; speed+; play; wait 0.5; pause; seek 3d; commodity lpg; select senkata;"
script+=" step; seek 1d; play; wait 0.5; screenshot shot.png; screenshot; quit"
out=$(timeout 120 "$cerco" watch la_paz_2019 --size 800x500 --script "$script" 2>&1); rc=$?
[ "$rc" -eq 0 ] || fail "watch exited $rc: $out"
[ -s shot.png ] || fail "no screenshot shot.png: $out"
ls cerco-day*.png >/dev/null 2>&1 || fail "no screenshot named by the sim time: $(ls)"
python3 - <<'PY' || fail "the screenshot is not an 800x500 PNG"
import struct
data = open("shot.png", "rb").read(32)
assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (800, 500), (w, h)
PY

# 4. render writes numbered frames; --video without ffmpeg says so and keeps the frames.
out=$("$cerco" render la_paz_2019 --frames frames --every 12h --until 2d --size 320x200 \
      --video out.mp4 2>&1); rc=$?
[ "$rc" -eq 0 ] || fail "render exited $rc: $out"
n=$(ls frames/frame_*.png | wc -l)
[ "$n" -eq 5 ] || fail "render wrote $n frames, expected 5 (0h to 48h every 12h)"
if ! command -v ffmpeg >/dev/null; then
  grep -q "ffmpeg is not installed" <<<"$out" || fail "no word about the missing ffmpeg: $out"
else
  [ -s out.mp4 ] || fail "ffmpeg is installed but no video: $out"
fi
out=$("$cerco" render la_paz_2019 --frames f2 --every 0h 2>&1); rc=$?
[ "$rc" -eq 2 ] || fail "--every 0h exited $rc, expected 2: $out"
echo "ok"
