#!/usr/bin/env bash
# One command for a newcomer: install what is missing, build (release), and run the
# built-in La Paz 2019 scenario. Arguments go to `cerco run`, e.g. tools/run.sh --out out
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/setup.sh"
"$root/tools/build.sh" release cerco
exec "$root/build/release/sim/cli/cerco" run "$@"
