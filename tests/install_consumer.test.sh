#!/usr/bin/env bash
# Installs the core into a temporary prefix and builds a consumer with find_package(cerco).
set -euo pipefail
build=$3
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --component core --prefix "$tmp/prefix" >/dev/null
test -f "$tmp/prefix/include/cerco/world.hpp"
cmake -S "$src/tests/consumer" -B "$tmp/build" -G Ninja -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/build" >/dev/null
"$tmp/build/consumer"
echo "consumer built against the installed tree and ran"
