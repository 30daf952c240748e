#!/usr/bin/env bash
# Search: our index against SQLite FTS5 on the same demo corpora (issue 4, docs/PERFORMANCE.md
# "Search").
#
#   bash bench/search.sh
#
# Builds (or reuses, with KEEP_DATA) demo corpora of 100,000 and 1,000,000 entries with seed 1,
# then runs build/bench/search_vs_fts5 on each: it builds both indexes in the same process
# (time and memory of each; ours on every core), then, pinned to core 0, runs the same query
# mix against both (single
# words, several words, phrases, Arabic, Chinese, each with and without filters, every answer
# with its facet counts), and prints p50/p99 and the ratios. It also scores both on the judged
# set (tests/search/judged_queries.json, on its own 2,000-entry corpus). A copy of the output
# goes to bench/results/.
#
# Settings (environment): BUILD_DIR (build), SIZES ("100000 1000000"), KEEP_DATA (a directory
# holding the corpora between runs: KEEP_DATA/d<N>), QUERIES (1000 at 100,000 entries, scaled
# down in proportion above: FTS5 takes about a second a query at a million).
# About 25 minutes with the defaults on 2 cores when the corpora must be made first (the
# million entries take 2-5 minutes to load), most of the rest FTS5's answers.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
SIZES=${SIZES:-100000 1000000}
KEEP_DATA=${KEEP_DATA:-}
QUERIES=${QUERIES:-1000}

BENCH_NAME=search
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_build
bench_pin
cmake --build "$BUILD_DIR" --target search_vs_fts5 >/dev/null || bench_die "building search_vs_fts5 failed"

work=$(mktemp -d "${TMPDIR:-/tmp}/wsis-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
root=${KEEP_DATA:-$work}
mkdir -p bench/results
out=bench/results/search-$(date -u +%Y%m%dT%H%M%SZ).txt

corpus() {  # corpus N: the data directory of an N-entry demo corpus, loaded if empty
  local dir=$root/d$1
  "$wsis" demo --entries "$1" --seed 1 --if-empty --data-dir "$dir" >&2
  echo "$dir"
}

{
  echo "# bench/search.sh on $(uname -n), $(date -u +%FT%TZ), $(nproc) cores"
  judged=$(corpus 2000)
  "${server_pin[@]}" "$BUILD_DIR/bench/search_vs_fts5" --quality tests/search/judged_queries.json "$judged"
  for n in $SIZES; do
    dir=$(corpus "$n")
    "$BUILD_DIR/bench/search_vs_fts5" --queries $((QUERIES * 100000 / n > 200 ? QUERIES * 100000 / n : 200)) "$dir"
  done
} | tee "$out"
echo "written to $out" >&2
