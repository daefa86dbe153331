#!/usr/bin/env bash
# Configures and builds one CMake preset (release by default): tools/build.sh [PRESET] [TARGET...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=${1:-release}
shift || true
cd "$root"
# Configure every time (a second or two): a changed preset reaches an existing build.
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -- -j"$(nproc)" "$@"
