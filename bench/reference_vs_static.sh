#!/usr/bin/env bash
# GET /api/v1/reference/sdgs against the same bytes served as a static file by the same server.
#
#   bash bench/reference_vs_static.sh
#
# One `wsis serve --threads 1` pinned to core 0, wrk pinned to core 1 (on a machine with at
# least two cores), loopback only. Both targets are measured in interleaved rounds, without and
# with `Accept-Encoding: gzip`, so that noise from other work on a shared machine falls on both
# alike. Prints req/s (median of the rounds), p50/p99 latency, bytes per response (head and
# body), the share of its core the server really got ("srv cpu") and requests per second of
# server CPU ("req/cpu-s", which holds steady when neighbours take the core away), and the
# API/static ratios; a copy of the table goes to bench/results/. Exits 0 unless a step fails
# (the targets are reported, not enforced: a busy shared machine must not fail a run).
#
# Settings (environment): BUILD_DIR (default build; built with scripts/build.sh when it has no
# wsis binary, brought up to date otherwise), ROUNDS (3), DURATION (10s), CONNECTIONS (32),
# WARMUP (2s). About 2 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-2s}

BENCH_NAME=reference_vs_static
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_require wrk curl python3
bench_build
bench_pin

work=$(mktemp -d "${TMPDIR:-/tmp}/wsis-bench-XXXXXX")
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# The static files are read when the server starts: fetch the API's English bytes from a first
# server, write them to the web root, and benchmark a second server that serves both.
mkdir -p "$work/web"
start_server "$work/data" "$work/web"
curl -sf -H 'Accept-Language: en' "http://127.0.0.1:$port/api/v1/reference/sdgs" -o "$work/web/sdgs.json"
stop_server
start_server "$work/data" "$work/web"
api="http://127.0.0.1:$port/api/v1/reference/sdgs"
static="http://127.0.0.1:$port/sdgs.json"

# Same bytes, both ways.
for encoding in identity gzip; do
  curl -sf -H 'Accept-Language: en' -H "Accept-Encoding: $encoding" "$api" -o "$work/api.$encoding"
  curl -sf -H "Accept-Encoding: $encoding" "$static" -o "$work/static.$encoding"
  cmp -s "$work/api.$encoding" "$work/static.$encoding" ||
    { echo "reference_vs_static: API and static bodies differ ($encoding)" >&2; exit 1; }
done

# wrk reports through this script: requests, duration, bytes, errors and latency percentiles (µs).
cat >"$work/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d bytes=%d errors=%d non2xx=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
EOF

# CPU time the server has used (user + system, which includes the loopback softirq work done
# in its context), in clock ticks: how much of its core it really got while wrk ran.
clock_ticks=$(getconf CLK_TCK)
server_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

# run NAME ENCODING URL DURATION: one wrk run; appends its RESULT line to results.txt.
run() {
  local name=$1 encoding=$2 url=$3 duration=$4
  local headers=(-H 'Accept-Language: en')
  [ "$encoding" = gzip ] && headers+=(-H 'Accept-Encoding: gzip')
  local out before after
  before=$(server_ticks)
  out=$("${client_pin[@]}" wrk -t1 -c"$CONNECTIONS" -d"$duration" --latency -s "$work/report.lua" "${headers[@]}" "$url")
  after=$(server_ticks)
  local line
  line=$(grep '^RESULT ' <<<"$out") || { echo "$out" >&2; echo "reference_vs_static: no result from wrk" >&2; exit 1; }
  line="$line server_cpu_ms=$(( (after - before) * 1000 / clock_ticks ))"
  echo "$name $encoding $line" >>"$work/results.txt"
  printf '  %-6s %-8s %s\n' "$name" "$encoding" "${line#RESULT }" >&2
}

# Bytes on the wire per response: header plus body.
for encoding in identity gzip; do
  for target in api static; do
    url=$api; [ $target = static ] && url=$static
    extra=(); [ $encoding = gzip ] && extra=(-H 'Accept-Encoding: gzip')
    curl -s -o /dev/null -H 'Accept-Language: en' "${extra[@]}" -w "$target $encoding %{size_header} %{size_download}\n" \
      "$url" >>"$work/sizes.txt"
  done
done

echo "warming up (${WARMUP} per target)..." >&2
for encoding in identity gzip; do
  run api "$encoding" "$api" "$WARMUP"
  run static "$encoding" "$static" "$WARMUP"
done
: >"$work/results.txt"

echo "measuring: $ROUNDS rounds x 2 encodings x 2 targets x $DURATION, $CONNECTIONS connections..." >&2
for round in $(seq "$ROUNDS"); do
  for encoding in identity gzip; do
    # Alternate which target goes first, so neither always follows the other.
    if ((round % 2)); then order=(api static); else order=(static api); fi
    for target in "${order[@]}"; do
      url=$api; [ "$target" = static ] && url=$static
      run "$target" "$encoding" "$url" "$DURATION"
    done
  done
done
stop_server

mkdir -p bench/results
report=bench/results/reference_vs_static-$(date -u +%Y%m%dT%H%M%SZ).txt
python3 - "$work/results.txt" "$work/sizes.txt" "$ROUNDS" "$DURATION" "$CONNECTIONS" <<'EOF' | tee "$report"
import statistics, sys, platform, os, datetime
results_path, sizes_path, rounds, duration, connections = sys.argv[1:6]
runs = {}
for line in open(results_path):
    name, encoding, _, *fields = line.split()
    values = dict(f.split("=") for f in fields)
    v = {k: int(x) for k, x in values.items()}
    v["rps"] = v["requests"] / (v["duration_us"] / 1e6)
    v["cpu"] = v["server_cpu_ms"] / (v["duration_us"] / 1e3)          # share of one core
    v["per_cpu_s"] = v["requests"] / max(v["server_cpu_ms"] / 1e3, 1e-9)  # requests per server CPU-second
    runs.setdefault((name, encoding), []).append(v)
sizes = {}
for line in open(sizes_path):
    name, encoding, head, body = line.split()
    sizes[(name, encoding)] = (int(head), int(body))

def med(key, k):
    return statistics.median(r[k] for r in runs[key])

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"wsis reference vs static: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
      f"{os.cpu_count()} cores ({cpu}), server --threads 1 on core 0, wrk -t1 -c{connections} -d{duration} on core 1, "
      f"median of {rounds} interleaved rounds")
print()
header = (f"{'encoding':<9} {'target':<30} {'req/s':>9} {'rounds (req/s)':<26} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'bytes/resp':>17} {'errors':>6} {'srv cpu':>7} {'req/cpu-s':>9}")
print(header)
print("-" * len(header))
targets = {"api": "GET /api/v1/reference/sdgs", "static": "GET /sdgs.json (static)"}
ratios = {}
for encoding in ("identity", "gzip"):
    for name in ("api", "static"):
        key = (name, encoding)
        rs = runs[key]
        head, body = sizes[key]
        errors = sum(r["errors"] + r["non2xx"] for r in rs)
        each = " ".join(f"{r['rps']:.0f}" for r in rs)
        print(f"{encoding:<9} {targets[name]:<30} {med(key, 'rps'):>9.0f} {each:<26} {med(key, 'p50_us') / 1000:>7.2f} "
              f"{med(key, 'p99_us') / 1000:>7.2f} {f'{head}+{body}':>17} {errors:>6} {med(key, 'cpu'):>7.0%} "
              f"{med(key, 'per_cpu_s'):>9.0f}")
    ratio = med(("api", encoding), "rps") / med(("static", encoding), "rps")
    ratios[encoding] = ratio
    # Each round measured API and static back to back: their ratio within a round is the
    # least disturbed by neighbours that come and go.
    paired = " ".join(f"{a['rps'] / s['rps']:.2f}" for a, s in zip(runs[("api", encoding)], runs[("static", encoding)]))
    cpu_ratio = med(("api", encoding), "per_cpu_s") / med(("static", encoding), "per_cpu_s")
    print(f"{encoding:<9} {'ratio API/static':<30} {ratio:>9.2f} {paired:<26} (per round){'':>46} {cpu_ratio:>9.2f}")
    print()
busy = min(r["cpu"] for rs in runs.values() for r in rs)
if busy < 0.9:
    print(f"warning: in some run the server got only {busy:.0%} of its core: other work shared the machine, so req/s")
    print("  understate what one core does; compare the per-round ratios and req/cpu-s (requests per second of server CPU).")
    print()
print("targets: API >= 60% of static, API > 20,000 req/s on one server core")
for encoding in ("identity", "gzip"):
    api_rps = med(("api", encoding), "rps")
    per_cpu = med(("api", encoding), "per_cpu_s")
    print(f"  {encoding:<9} ratio {ratios[encoding]:.2f} {'meets' if ratios[encoding] >= 0.6 else 'MISSES'} 0.60; "
          f"{api_rps:,.0f} req/s {'meets' if api_rps > 20000 else 'MISSES'} 20,000 "
          f"({per_cpu:,.0f} requests per second of server CPU)")
EOF
echo "(saved to $report)" >&2
