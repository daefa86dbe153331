#!/usr/bin/env bash
# Installs every Debian package cerco needs to build, test, benchmark and run.
# Idempotent: when every package is already installed it does not call apt at all.
# Run as root (or with sudo available) on Debian 12.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost-dev libsfml-dev libtomlplusplus-dev catch2 nlohmann-json3-dev
  libcli11-dev libfmt-dev
  clang libclang-rt-14-dev llvm clang-format
  xvfb xauth fonts-dejavu-core
  python3 python3-simpy
  valgrind time librsvg2-bin
  slurm-wlm munge
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present; nothing to install"
  exit 0
fi

echo "setup: installing ${#missing[@]} missing package(s): ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "setup: not root and no sudo; install as root: apt-get install ${missing[*]}" >&2
    exit 2
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
