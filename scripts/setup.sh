#!/usr/bin/env bash
# One-time setup on a fresh machine: Debian's Fashion-MNIST package (and any other Debian packages named
# as arguments), then NuGet restore. Needs the .NET 10 SDK.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK (dotnet) is not on PATH; install it first" >&2
  exit 1
fi
need=()
for pkg in dataset-fashion-mnist "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
dotnet restore NeuralSharp.slnx --verbosity quiet
