#!/usr/bin/env bash
# Stocktaking reads with 100,000 demo entries: GET one entry, and a filtered, paginated list with
# its facet counts, against the same entry bytes served as static files by the same server.
#
#   bash bench/stocktaking_reads.sh
#
# Loads `wsis demo --entries $ENTRIES --seed 1` into a temporary data directory, then runs one
# `wsis serve --threads 1` pinned to core 0 and wrk pinned to core 1 (loopback only). wrk's Lua
# scripts cycle over many entries and many filter combinations, so that no single row or query
# stays hot in a cache:
#   entry   GET /api/v1/entries/{id} over 2,000 published entries
#   static  GET /entry-{id}.json: the same 2,000 responses' exact bytes, as static files (ceiling)
#   list    GET /api/v1/entries?<filters>&limit=20 over 500 filter combinations (0-3 filters,
#           sometimes two values in one, date or title order)
#   facets  GET /api/v1/entries/facets?<filters> over the same combinations
#   page    list and facets of each combination in turn: what one page load asks
# Each target runs with $CONNECTIONS connections (throughput, and latency under saturation) and,
# for list/facets/page, with one connection too ("1 reader": the latency a lone user sees).
# Targets are measured in interleaved rounds (order alternating); the table shows req/s (median),
# each round, p50/p99 latency, bytes per response, the share of its core the server got and
# requests per second of server CPU, and the ratios; a copy goes to bench/results/. Exits 0
# unless a step fails (targets are reported, not enforced).
#
# Settings (environment): BUILD_DIR (build; built with scripts/build.sh when it has no wsis
# binary), ENTRIES (100000), ROUNDS (3), DURATION (10s), CONNECTIONS (32), WARMUP (2s),
# KEEP_DATA (a directory: reuse or keep the demo database there instead of a temporary one).
# About 4 minutes with the defaults, 20 s of which load the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
ENTRIES=${ENTRIES:-100000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-2s}
KEEP_DATA=${KEEP_DATA:-}

BENCH_NAME=stocktaking_reads
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_require wrk curl python3
bench_build
bench_pin

work=$(mktemp -d "${TMPDIR:-/tmp}/wsis-bench-XXXXXX")
data=${KEEP_DATA:-$work/data}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The demo set (kept across runs with KEEP_DATA: --if-empty leaves a loaded database alone).
echo "loading $ENTRIES demo entries into $data..." >&2
demo_started=$(date +%s.%N)
"$wsis" demo --entries "$ENTRIES" --seed 1 --if-empty --data-dir "$data" >"$work/demo.txt"
demo_seconds=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$demo_started" "$(date +%s.%N)")
cat "$work/demo.txt" >&2


# The entries and filter combinations the scripts cycle over, drawn from the database itself
# (python3's sqlite3, read-only), with a fixed seed.
mkdir -p "$work/web"
python3 - "$data/wsis.db" "$work" <<'EOF'
import random, sqlite3, sys, urllib.parse
db_path, work = sys.argv[1:3]
db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
rng = random.Random(1)
ids = [r[0] for r in db.execute("SELECT id FROM entries WHERE state = 'published' ORDER BY id")]
sample = sorted(rng.sample(ids, min(2000, len(ids))))
open(f"{work}/ids.txt", "w").write("\n".join(map(str, sample)) + "\n")

def column(sql):
    return [r[0] for r in db.execute(sql)]
dims = {
    "language": ["ar", "en", "es", "fr", "ru", "zh"],
    "region": column("SELECT DISTINCT region FROM entry_countries ORDER BY 1"),
    "action_line": column("SELECT DISTINCT code FROM entry_action_lines ORDER BY 1"),
    "sdg": [str(g) for g in range(1, 18)],
    "country": column("SELECT iso3 FROM entry_countries GROUP BY iso3 ORDER BY COUNT(*) DESC LIMIT 40"),
    "stakeholder_type": column("SELECT DISTINCT stakeholder_type FROM entries ORDER BY 1"),
    "year": [str(y) for y in range(2005, 2027)],
    "type": column("SELECT DISTINCT entry_type FROM entries ORDER BY 1"),
    "status": ["planned", "ongoing", "completed"],
}
queries = []
for _ in range(500):
    params = []
    for dim in rng.sample(sorted(dims), rng.choice([0, 1, 1, 2, 2, 2, 3])):
        values = rng.sample(dims[dim], 2 if rng.random() < 0.1 else 1)
        params.append((dim, ",".join(values)))
    if rng.random() < 0.2:
        params.append(("sort", "title"))
    queries.append(urllib.parse.urlencode(params, safe=","))
open(f"{work}/queries.txt", "w").write("\n".join(queries) + "\n")

# The wrk scripts' path lists (Lua tables), cycled in order.
def lua(name, paths):
    with open(f"{work}/{name}.paths.lua", "w") as f:
        f.write("paths = {\n" + "".join(f'"{p}",\n' for p in paths) + "}\n")
lua("entry", [f"/api/v1/entries/{i}" for i in sample])
lua("static", [f"/entry-{i}.json" for i in sample])
lua("list", [f"/api/v1/entries?limit=20&{q}".rstrip("&") for q in queries])
lua("facets", [f"/api/v1/entries/facets?{q}".rstrip("?") for q in queries])
lua("page", [p for q in queries for p in (f"/api/v1/entries?limit=20&{q}".rstrip("&"), f"/api/v1/entries/facets?{q}".rstrip("?"))])
EOF

# Static ceiling: each sampled entry's exact API response body as a file in the web root
# (static files are read at start-up: fetch from a first server, serve from a second).
start_server "$data" "$work/web"
while read -r id; do
  curl -sf -H 'Accept-Language: en' "http://127.0.0.1:$port/api/v1/entries/$id" -o "$work/web/entry-$id.json"
done <"$work/ids.txt"
stop_server
start_server "$data" "$work/web"
for id in $(head -n 5 "$work/ids.txt"); do
  curl -sf -H 'Accept-Language: en' "http://127.0.0.1:$port/api/v1/entries/$id" -o "$work/api.json"
  curl -sf "http://127.0.0.1:$port/entry-$id.json" -o "$work/static.json"
  cmp -s "$work/api.json" "$work/static.json" || { echo "stocktaking_reads: API and static bodies differ ($id)" >&2; exit 1; }
done

# The wrk scripts: the path lists written above, cycled in order, and a report line at the end.
cat >"$work/common.lua" <<'EOF'
wrk.headers["Accept-Language"] = "en"
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d bytes=%d errors=%d non2xx=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
EOF
for name in entry static list facets page; do
  cat "$work/$name.paths.lua" "$work/common.lua" >"$work/$name.lua"
done

clock_ticks=$(getconf CLK_TCK)
server_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

# run TARGET SCRIPT CONNECTIONS DURATION: one wrk run; appends its RESULT line to results.txt.
run() {
  local target=$1 script=$2 connections=$3 duration=$4
  local out before after line
  before=$(server_ticks)
  out=$("${client_pin[@]}" wrk -t1 -c"$connections" -d"$duration" --latency -s "$work/$script.lua" "http://127.0.0.1:$port")
  after=$(server_ticks)
  line=$(grep '^RESULT ' <<<"$out") || { echo "$out" >&2; echo "stocktaking_reads: no result from wrk" >&2; exit 1; }
  line="$line server_cpu_ms=$(( (after - before) * 1000 / clock_ticks ))"
  echo "$target $line" >>"$work/results.txt"
  printf '  %-9s %s\n' "$target" "${line#RESULT }" >&2
}

# Bytes on the wire per response (head + body), averaged over the first ten paths of each script.
for name in entry static list facets; do
  python3 - "$work/$name.paths.lua" >"$work/$name.urls" <<'EOF'
import re, sys
print("\n".join(re.findall(r'"([^"]+)"', open(sys.argv[1]).read())[:10]))
EOF
  while read -r path; do
    curl -s -o /dev/null -H 'Accept-Language: en' -w "$name %{size_header} %{size_download}\n" "http://127.0.0.1:$port$path"
  done <"$work/$name.urls" >>"$work/sizes.txt"
done

targets=(entry static list facets page list@1 facets@1 page@1)
script_of() { echo "${1%@1}"; }
connections_of() { [[ $1 == *@1 ]] && echo 1 || echo "$CONNECTIONS"; }

echo "warming up (${WARMUP} per target)..." >&2
for t in "${targets[@]}"; do run "$t" "$(script_of "$t")" "$(connections_of "$t")" "$WARMUP"; done
: >"$work/results.txt"

echo "measuring: $ROUNDS rounds x ${#targets[@]} targets x $DURATION..." >&2
for round in $(seq "$ROUNDS"); do
  order=("${targets[@]}")
  if ((round % 2 == 0)); then
    order=()
    for ((i = ${#targets[@]} - 1; i >= 0; i--)); do order+=("${targets[i]}"); done
  fi
  for t in "${order[@]}"; do run "$t" "$(script_of "$t")" "$(connections_of "$t")" "$DURATION"; done
done
stop_server

mkdir -p bench/results
report=bench/results/stocktaking_reads-$(date -u +%Y%m%dT%H%M%SZ).txt
python3 - "$work/results.txt" "$work/sizes.txt" "$ROUNDS" "$DURATION" "$CONNECTIONS" "$ENTRIES" "$demo_seconds" \
  "$(cat "$work/demo.txt")" <<'EOF' | tee "$report"
import statistics, sys, os, datetime
results_path, sizes_path, rounds, duration, connections, entries, demo_seconds, demo_line = sys.argv[1:9]
runs = {}
for line in open(results_path):
    name, _, *fields = line.split()
    v = {k: int(x) for k, x in (f.split("=") for f in fields)}
    v["rps"] = v["requests"] / (v["duration_us"] / 1e6)
    v["cpu"] = v["server_cpu_ms"] / (v["duration_us"] / 1e3)
    v["per_cpu_s"] = v["requests"] / max(v["server_cpu_ms"] / 1e3, 1e-9)
    runs.setdefault(name, []).append(v)
sizes = {}
for line in open(sizes_path):
    name, head, body = line.split()
    sizes.setdefault(name, []).append((int(head), int(body)))

def med(name, k):
    return statistics.median(r[k] for r in runs[name])

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"wsis stocktaking reads: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores ({cpu}),")
print(f"  {int(entries):,} demo entries (loaded in {demo_seconds} s: {demo_line.strip()})")
print(f"  server --threads 1 on core 0, wrk -t1 -d{duration} on core 1, median of {rounds} interleaved rounds")
print()
labels = {
    "entry": "GET /api/v1/entries/{id}", "static": "GET /entry-{id}.json (static)",
    "list": "GET /entries?filters&limit=20", "facets": "GET /entries/facets?filters",
    "page": "page: list + facets",
}
header = (f"{'target':<32} {'conns':>5} {'req/s':>8} {'rounds (req/s)':<22} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'bytes/resp':>11} {'errors':>6} {'srv cpu':>7} {'req/cpu-s':>9}")
print(header)
print("-" * len(header))
for name in ["entry", "static", "list", "facets", "page", "list@1", "facets@1", "page@1"]:
    if name not in runs:
        continue
    base = name.split("@")[0]
    conns = 1 if name.endswith("@1") else int(connections)
    rs = runs[name]
    size = ""
    if base in sizes:
        heads = [h for h, _ in sizes[base]]; bodies = [b for _, b in sizes[base]]
        size = f"{statistics.mean(heads):.0f}+{statistics.mean(bodies):.0f}"
    errors = sum(r["errors"] + r["non2xx"] for r in rs)
    each = " ".join(f"{r['rps']:.0f}" for r in rs)
    print(f"{labels[base]:<32} {conns:>5} {med(name, 'rps'):>8.0f} {each:<22} {med(name, 'p50_us') / 1000:>7.2f} "
          f"{med(name, 'p99_us') / 1000:>7.2f} {size:>11} {errors:>6} {med(name, 'cpu'):>7.0%} {med(name, 'per_cpu_s'):>9.0f}")
print()
ratio = med("entry", "rps") / med("static", "rps")
paired = " ".join(f"{a['rps'] / s['rps']:.2f}" for a, s in zip(runs["entry"], runs["static"]))
cpu_ratio = med("entry", "per_cpu_s") / med("static", "per_cpu_s")
print(f"entry/static: {ratio:.2f} (per round {paired}; per server CPU-second {cpu_ratio:.2f})")
# With one connection the server waits for wrk between requests; only the saturated runs say
# whether neighbours took the core away.
saturated = min(r["cpu"] for n, rs in runs.items() if not n.endswith("@1") for r in rs)
if saturated < 0.9:
    print(f"warning: in some {connections}-connection run the server got only {saturated:.0%} of its core: other work "
          "shared the machine; compare per-round ratios and req/cpu-s.")
print()
print("targets: single-entry read >= 50% of the static ceiling; filtered list with facet counts p99 < 20 ms")
print(f"  entry/static {ratio:.2f}: {'meets' if ratio >= 0.5 else 'MISSES'} 0.50")
for name in ["list@1", "facets@1", "page@1", "list", "facets", "page"]:
    if name in runs:
        p99 = med(name, "p99_us") / 1000
        conns = 1 if name.endswith("@1") else int(connections)
        print(f"  {labels[name.split('@')[0]]:<30} p99 {p99:6.2f} ms with {conns:>2} connection(s): "
              f"{'meets' if p99 < 20 else 'MISSES'} 20 ms")
EOF
echo "(saved to $report)" >&2
