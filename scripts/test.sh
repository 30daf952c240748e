#!/usr/bin/env bash
# The second README command: install, build with warnings as errors, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export BUILD_DIR=${BUILD_DIR:-build}
CMAKE_ARGS="-DWSIS_WERROR=ON ${CMAKE_ARGS:-}" scripts/build.sh
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)"
