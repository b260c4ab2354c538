#!/usr/bin/env bash
# One-time setup on a fresh machine: Debian packages the examples and tests use, then NuGet restore.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for pkg in "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${need[@]}"
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq "${need[@]}"
  fi
fi
dotnet restore NeuralSharp.slnx --verbosity quiet
