#!/usr/bin/env bash
# Builds the server (build/) and the front end (web/dist).
# BUILD_DIR and CMAKE_ARGS may be set by the caller.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
export CCACHE_DIR=${CCACHE_DIR:-$PWD/.ccache}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir"
# The front end is rebuilt only when one of its sources is newer than the last build.
if [ -f web/package.json ]; then
  stamp=web/dist/index.html
  if [ ! -f "$stamp" ] || [ -n "$(find web/src web/index.html web/package-lock.json web/vite.config.ts web/tsconfig.json \
      -newer "$stamp" -print -quit)" ]; then
    (cd web && npm run build)
  fi
fi
