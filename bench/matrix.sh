#!/usr/bin/env bash
# The WSIS-SDG Matrix at scale (docs/PERFORMANCE.md, "WSIS-SDG Matrix"): with $ENTRIES demo
# entries, the full evidence matrix answer (target < 50 ms), a regional report in PDF (< 2 s)
# and the incremental update after a publish (< 1 ms), each against the baseline of a
# recomputation from scratch (the evidence index rebuilt from the database).
#
#   bash bench/matrix.sh
#
# Loads `wsis demo --entries $ENTRIES --seed 1` (kept with KEEP_DATA), starts one
# `wsis serve --threads 1` pinned to core 0, and times each request with curl pinned to core 1
# ($REQUESTS times after 3 warm-ups; loopback, identity encoding): the evidence grid by goal and
# by target, a filtered grid, the guidance, the regional analytics, and reports (PDF in Arabic
# and English, XLSX). Then build/bench/matrix_update (Google Benchmark) times the in-memory
# update of one published entry, the same with its facts read from SQL, the full grids' answers
# built without the server's prepared body (the first request after a change), and the rebuild.
# Prints a table and copies it to bench/results/. Exits 0 unless a step fails (targets are
# reported, not enforced).
#
# Settings (environment): BUILD_DIR (build), ENTRIES (1000000), REQUESTS (20), KEEP_DATA (a
# directory to keep or reuse the demo database). Loading a million entries takes about 5
# minutes on one core; the measurements about 2 more.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
ENTRIES=${ENTRIES:-1000000}
REQUESTS=${REQUESTS:-20}
KEEP_DATA=${KEEP_DATA:-}

BENCH_NAME=matrix
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_require curl python3
bench_build
cmake --build "$BUILD_DIR" --target matrix_update >/dev/null || bench_die "building matrix_update failed"
bench_pin

work=$(mktemp -d "${TMPDIR:-/tmp}/wsis-bench-XXXXXX")
data=${KEEP_DATA:-$work/data}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "loading $ENTRIES demo entries into $data..." >&2
demo_started=$(date +%s.%N)
"$wsis" demo --entries "$ENTRIES" --seed 1 --if-empty --data-dir "$data" >"$work/demo.txt"
demo_seconds=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$demo_started" "$(date +%s.%N)")
cat "$work/demo.txt" >&2

mkdir -p "$work/web"
start_started=$(date +%s.%N)
start_server "$data" "$work/web"
start_seconds=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start_started" "$(date +%s.%N)")

targets=(
  "evidence_goal /api/v1/matrix/evidence 50"
  "evidence_target /api/v1/matrix/evidence?level=target 50"
  "evidence_africa_2025 /api/v1/matrix/evidence?region=africa&year=2025 -"
  "guidance /api/v1/matrix/guidance -"
  "analytics_regions /api/v1/analytics/regions -"
  "report_pdf_arab_2025_ar /api/v1/reports/regions/arab-states?year=2025&lang=ar&format=pdf 2000"
  "report_pdf_world_en /api/v1/reports/world?lang=en&format=pdf 2000"
  "report_xlsx_africa_2025 /api/v1/reports/regions/africa?year=2025&format=xlsx -"
)
: >"$work/times.txt"
for t in "${targets[@]}"; do
  read -r name path target <<<"$t"
  url="http://127.0.0.1:$port$path"
  status=$(curl -s -o "$work/$name.body" -w '%{http_code}' "$url")
  [ "$status" = 200 ] || bench_die "$name: status $status"
  for _ in 1 2; do curl -s -o /dev/null "$url"; done
  for _ in $(seq "$REQUESTS"); do
    "${client_pin[@]}" curl -s -o /dev/null -w "$name $target %{time_total} %{size_download}\n" "$url" >>"$work/times.txt"
  done
  echo "  $name done" >&2
done
stop_server

echo "incremental update (Google Benchmark)..." >&2
WSIS_BENCH_DATA=$data "${server_pin[@]}" "$BUILD_DIR/bench/matrix_update" --benchmark_format=json \
  --benchmark_out="$work/update.json" --benchmark_out_format=json >/dev/null 2>"$work/update.err" ||
  { cat "$work/update.err" >&2; bench_die "matrix_update failed"; }

mkdir -p bench/results
report=bench/results/matrix-$(date -u +%Y%m%dT%H%M%SZ).txt
python3 - "$work/times.txt" "$work/update.json" "$work/update.err" "$ENTRIES" "$demo_seconds" "$start_seconds" \
  "$(cat "$work/demo.txt")" <<'EOF' | tee "$report"
import json, re, statistics, sys, os, datetime
times_path, update_path, update_err, entries, demo_seconds, start_seconds, demo_line = sys.argv[1:8]
rebuild = re.search(r"REBUILD entries=(\d+) ms=([\d.]+)", open(update_err).read())
indexed, rebuild_ms = int(rebuild.group(1)), float(rebuild.group(2))
rows = {}
for line in open(times_path):
    name, target, seconds, size = line.split()
    rows.setdefault(name, {"target": target, "ms": [], "size": int(size)})["ms"].append(float(seconds) * 1000)
print(f"# WSIS-SDG Matrix benchmark, {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores")
print(f"demo: {demo_line} (loaded in {demo_seconds} s; 0 s when reused)")
print(f"server start (catalog and evidence index built): {start_seconds} s; published entries indexed: {indexed}")
print(f"baseline, the evidence index recomputed from the database: {rebuild_ms:.0f} ms")
print()
print(f"| request | median ms | p90 ms | max ms | target ms | bytes | baseline / median |")
print(f"| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, r in rows.items():
    ms = sorted(r["ms"])
    median = statistics.median(ms)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    verdict = "" if r["target"] == "-" else (" ok" if median < float(r["target"]) else " MISSED")
    print(f"| {name} | {median:.1f} | {p90:.1f} | {ms[-1]:.1f} | {r['target']}{verdict} | {r['size']} | {rebuild_ms / median:.0f}x |")
print()
update = json.load(open(update_path))
print("| in process (Google Benchmark) | time | target | baseline / time |")
print("| --- | ---: | ---: | ---: |")
for b in update["benchmarks"]:
    unit = b["time_unit"]
    t = b["real_time"]
    ms = t / 1000 if unit == "us" else t / 1e6 if unit == "ns" else t
    if "Apply" in b["name"]:
        target = "1 ms" + (" ok" if ms < 1 else " MISSED")
    elif "GridAnswer" in b["name"]:
        target = "50 ms" + (" ok" if ms < 50 else " MISSED")
    else:
        target = "-"
    print(f"| {b['name']} | {t:.1f} {unit} | {target} | {rebuild_ms / ms:.0f}x |")
EOF
echo "report: $report" >&2
