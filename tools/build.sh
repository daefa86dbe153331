#!/usr/bin/env bash
# Configures and builds one CMake preset (release by default): tools/build.sh [PRESET] [TARGET...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=${1:-release}
shift || true
cd "$root"
if [ ! -f "build/$preset/build.ninja" ]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset" -- -j"$(nproc)" "$@"
