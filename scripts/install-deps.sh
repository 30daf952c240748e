#!/usr/bin/env bash
# Installs what the build, the server and the tests need, from Debian 12's packages (and, for
# the front end and the spec checks, the npm registry). Idempotent: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git curl ca-certificates python3
  # libraries (see docs/ARCHITECTURE table in the README)
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libcmark-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev libicu-dev zlib1g-dev
  libcsv-dev libxlsxwriter-dev libroaring-dev libstemmer-dev libcurl4-openssl-dev libjemalloc-dev
  # reports typeset as PDF (src/matrix): cairo, pango, the Noto fonts (Arabic, CJK), poppler for the tests
  libcairo2-dev libpango1.0-dev fonts-noto-core fonts-noto-cjk poppler-utils
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev wrk libxml2-utils unzip
  # the front end's end-to-end tests drive Debian's Chromium (playwright-core, never a downloaded browser)
  chromium
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node.js runs the spec validator (tools/openapi) and the front end's build and tests (web/).
if ! command -v npm >/dev/null; then
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm
fi

# npm ci from the lock file, only when the lock file changed since the last install.
npm_install() {
  local dir=$1
  [ -f "$dir/package-lock.json" ] || return 0
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}
npm_install tools/openapi
npm_install web
