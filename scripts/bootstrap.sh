#!/usr/bin/env bash
# Installs what Frontdesk needs on a Debian/Ubuntu machine, then builds it. Idempotent: fast when all is there.
#   scripts/bootstrap.sh run    packages the product uses
#   scripts/bootstrap.sh test   those plus what the tests and benchmarks use (browser, database, ...)
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-run}"

lists=(scripts/apt/run.txt)
[ "$purpose" = "test" ] && lists+=(scripts/apt/test.txt)
mapfile -t wanted < <(cat "${lists[@]}" | sed 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "frontdesk: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "frontdesk: Node 20 or newer is needed (found $(node --version))." >&2
  exit 1
fi

# npm ci when node_modules does not match the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "frontdesk: installing npm packages (npm ci)"
  ONNXRUNTIME_NODE_INSTALL=skip ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

npm run --silent build
