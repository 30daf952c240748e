#!/usr/bin/env bash
# The first README command: install what is missing, build, and serve WSIS Hub on
# http://127.0.0.1:8080 with an SQLite database in ./wsis-data. Extra arguments go to
# `wsis serve` (e.g. --listen 0.0.0.0:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/src/app/wsis serve "$@"
