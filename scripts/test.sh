#!/usr/bin/env bash
# Runs the whole suite: unit, integration (real Mosquitto, PostgreSQL, speech engines) and browser (Chromium) tests.
# Each test starts the services it needs on free loopback ports and stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx vitest run "$@"
