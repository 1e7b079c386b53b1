#!/usr/bin/env bash
# Runs lint, the format check and the whole suite: unit, integration (real Mosquitto, PostgreSQL, speech engines) and browser (Chromium) tests.
# Each test starts the services it needs on free loopback ports and stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
# Lint (ESLint, with the layering rules) and the format check first: a wrong-way import fails like a test.
if [ "$#" -eq 0 ]; then
  npx eslint .
  npx prettier --check . >/dev/null || { npx prettier --check . | tail -20; echo "frontdesk: run \`npm run format\`" >&2; exit 1; }
fi
exec npx vitest run "$@"
