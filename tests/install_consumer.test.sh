#!/usr/bin/env bash
# Installs the core into a temporary prefix and builds a consumer with find_package(cerco).
# The consumer is built with the tree's compiler and flags: static libraries built with
# sanitizers (the asan preset) link only into a program built with the same ones.
set -euo pipefail
build=$3
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
quiet() { "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; echo "FAIL: $*" >&2; exit 1; }; }
quiet cmake --install "$build" --component core --prefix "$tmp/prefix"
test -f "$tmp/prefix/include/cerco/world.hpp"
quiet cmake -S "$src/tests/consumer" -B "$tmp/build" -G Ninja -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_CXX_COMPILER="$(cache CMAKE_CXX_COMPILER)" -DCMAKE_CXX_FLAGS="$(cache CMAKE_CXX_FLAGS)" \
  -DCMAKE_EXE_LINKER_FLAGS="$(cache CMAKE_EXE_LINKER_FLAGS)"
quiet cmake --build "$tmp/build"
"$tmp/build/consumer"
echo "consumer built against the installed tree and ran"
