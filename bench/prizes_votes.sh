#!/usr/bin/env bash
# The voting endpoint under load: sustained acknowledged votes per second and p99, every vote
# durable (group commit; the WAL synced, as synchronous=FULL does, before any vote of the
# batch is answered) before its 201, against two ceilings measured in
# the same run.
#
#   bash bench/prizes_votes.sh
#
# A data directory is prepared directly in SQLite (python3): $VOTERS verified accounts, each
# with a browser session (the cookie and CSRF token the server derives are computed the same
# way), 18 categories with 5 shortlisted nominations each, and two cycles: one whose voting is
# open now (rate limits raised for the benchmark) and one whose voting closed. Then
# `wsis serve --threads $SERVER_THREADS` on core 0 and wrk on core 1 (loopback). Targets:
#   vote      POST /api/v1/prizes/cycles/1/votes: session cookie + X-CSRF-Token, distinct voters
#             in turn, a random category and nomination (votes are changeable, so voters vote
#             again as the rounds go on)
#   refused   the same request to the closed cycle: CSRF, JSON and the phase check (a vote's
#             session is read by the committer, which a refused vote never reaches), answered
#             409 without writing: the no-work POST of the same size and path
#   notroute  the same body POSTed to GET-only /api/v1/prizes/archive: 405 before any handler
#             (no route accepts a POST that does nothing; this is the server's floor)
# and, in one process, SQLite's raw group-commit rate for vote-shaped rows at several batch
# sizes (build/bench/prizes_group_commit). After the rounds the number of 201 answers is
# compared with the rows in the vote log: nothing acknowledged may be missing.
#
# Settings (environment): BUILD_DIR (build), VOTERS (20000), ROUNDS (3), DURATION (10s),
# CONNECTIONS (256), SERVER_THREADS (1: a vote waits for its group's commit without holding a
# thread, src/http add_async; the committer, checkpointer and session-touch threads are extra).
#
# Why 256 connections: a rate is a capacity only if the load saturates the server. wrk is a
# closed loop, each connection sending its next request once answered; with 64, every slow
# fsync of this shared disk leaves all 64 waiting and the core idle (11% iowait during the
# vote rounds on 2026-12-06, 3% with 256). Voters are an open load: a slow disk does not stop
# them arriving, their votes join the next group. The three targets run with the same
# connections; the ceilings are a little lower with 256 than with 64 (docs/PERFORMANCE.md).
#
# To compare two builds on this noisy machine: COMPARE_WITH=/path/to/other/wsis runs PAIRS (6)
# pairs instead of the rounds, each pair a fresh server of each build in turn (the other one
# first) on the same data, a vote round of PAIR_DURATION (6s) then a notroute round of 3s, and
# prints each run's votes/s and CPU per vote. A change that touches the schema needs the other
# build to know the same migrations.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
VOTERS=${VOTERS:-20000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-256}
export SERVER_THREADS=${SERVER_THREADS:-1}

BENCH_NAME=prizes_votes
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_require wrk python3
bench_build
cmake --build "$BUILD_DIR" --target prizes_group_commit >/dev/null || bench_die "building prizes_group_commit failed"
bench_pin

bench_migrated_data_dir

echo "preparing $VOTERS voters and two cycles..." >&2
python3 - "$data/wsis.db" "$work" "$VOTERS" <<'PY'
import json, random, sqlite3, sys
sys.path.insert(0, "bench")
from prizes_data import CATEGORIES as categories, DAY_MS as day, blake, insert_cycle, insert_owner, insert_shortlist, now_ms
db_path, work, voters = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = sqlite3.connect(db_path)
now = now_ms()
rules = {"votes_per_account_per_minute": 1000000, "votes_per_network_per_minute": 100000000}
open_cycle = insert_cycle(db, 2027, now - day, now + 30 * day, rules)
closed_cycle = insert_cycle(db, 2026, now - 10 * day, now - 5 * day, rules)
org, owner = insert_owner(db)
shortlist = {cycle_id: insert_shortlist(db, cycle_id, org, owner) for cycle_id in (open_cycle, closed_cycle)}
rng = random.Random(1)
lines = []
for i in range(voters):
    user = db.execute("INSERT INTO users (email, password_hash, display_name, language, email_verified, created_at, updated_at)"
                      " VALUES (?, 'x', 'Voter', 'en', 1, ?, ?)", (f"voter{i}@example.org", now - 30 * day, now)).lastrowid
    session = "bench-session-%08d-%s" % (i, blake(str(rng.random()))[:24])
    db.execute("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, ip) VALUES (?, ?, ?, ?, '127.0.0.1')",
               (blake(session), user, now, now))
    lines.append((session, blake("wsis-csrf-v1:" + session)))
db.commit()
# Lua tables for wrk: voters (cookie, csrf) and bodies for each cycle.
def bodies(cycle_id):
    out = []
    for j in range(2000):
        category = rng.choice(categories)
        out.append(json.dumps({"category": category, "nomination_id": rng.choice(shortlist[cycle_id][category])},
                              separators=(",", ":")))
    return out
with open(f"{work}/voters.lua", "w") as f:
    f.write("voters = {\n" + "".join('{"%s","%s"},\n' % v for v in lines) + "}\n")
for name, cycle_id in (("open", open_cycle), ("closed", closed_cycle)):
    with open(f"{work}/bodies_{name}.lua", "w") as f:
        f.write("bodies = {\n" + "".join("[[%s]],\n" % b for b in bodies(cycle_id)) + "}\n")
        f.write('target = "/api/v1/prizes/cycles/%d/votes"\n' % cycle_id)
PY

cat >"$work/common.lua" <<'EOF'
local i = 0
local counter = 0
setup = function(thread) end
init = function(args)
  math.randomseed(os.time())
  i = math.random(#voters)
end
request = function()
  i = i % #voters + 1
  counter = counter % #bodies + 1
  local v = voters[i]
  return wrk.format("POST", path_override or target, {
    ["Content-Type"] = "application/json",
    ["Cookie"] = "wsis_session=" .. v[1],
    ["X-CSRF-Token"] = v[2],
  }, bodies[counter])
end
local created = 0
response = function(status, headers, body)
  if status == 201 then created = created + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors=%d non2xx=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.errors.status, latency:percentile(50), latency:percentile(99)))
end
EOF
grep -q '"wsis_session"' src/accounts/authenticator.h || bench_die "the session cookie is no longer named wsis_session"
cat "$work/voters.lua" "$work/bodies_open.lua" "$work/common.lua" >"$work/vote.lua"
cat "$work/voters.lua" "$work/bodies_closed.lua" "$work/common.lua" >"$work/refused.lua"
{ cat "$work/voters.lua" "$work/bodies_open.lua"; echo 'path_override = "/api/v1/prizes/archive"'; cat "$work/common.lua"; } >"$work/notroute.lua"

cpu_ticks() {  # the server's user + system CPU time so far, all threads, in clock ticks
  awk '{print $14 + $15}' "/proc/$server_pid/stat"
}
if [ -n "${COMPARE_WITH:-}" ]; then
  [ -x "$COMPARE_WITH" ] || bench_die "COMPARE_WITH is not an executable: $COMPARE_WITH"
  this_build=$wsis
  round() {  # TARGET DURATION: "<requests per second> <server CPU us per request>"
    local before out
    before=$(cpu_ticks)
    out=$("${client_pin[@]}" wrk -t1 -c"$CONNECTIONS" -d"$2" -s "$work/$1.lua" "http://127.0.0.1:$port" | grep '^RESULT')
    python3 -c "import os, re, sys; f = {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', sys.argv[1])}
print('%.0f %.1f' % (f['requests'] / (f['duration_us'] / 1e6), int(sys.argv[2]) * 1e6 / os.sysconf('SC_CLK_TCK') / max(1, f['requests'])))" \
      "$out" "$(($(cpu_ticks) - before))"
  }
  echo "build      votes/s  cpu us/vote  notroute/s  cpu us/req"
  for _ in $(seq "${PAIRS:-6}"); do
    for build in "$COMPARE_WITH" "$this_build"; do
      wsis=$build
      start_server "$data" "$work/web"
      read -r vote_rps vote_cpu <<<"$(round vote "${PAIR_DURATION:-6s}")"
      read -r floor_rps floor_cpu <<<"$(round notroute 3s)"
      stop_server
      name=this; [ "$build" = "$COMPARE_WITH" ] && name=other
      printf '%-8s %9s %12s %11s %11s\n' "$name" "$vote_rps" "$vote_cpu" "$floor_rps" "$floor_cpu"
    done
  done
  exit 0
fi

start_server "$data" "$work/web"
results=$work/results.txt
: >"$results"
run() {  # run TARGET
  local out before
  before=$(cpu_ticks)
  out=$("${client_pin[@]}" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/$1.lua" "http://127.0.0.1:$port")
  echo "$1 $(echo "$out" | grep '^RESULT') cpu_ticks=$(($(cpu_ticks) - before))" >>"$results"
  echo "$1: $(echo "$out" | grep '^RESULT')" >&2
}
count_log() {
  python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM prize_vote_log').fetchone()[0])" "$data/wsis.db"
}
log_before=$(count_log)
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="vote refused notroute"; else order="notroute refused vote"; fi
  for target in $order; do run "$target"; done
done
stop_server
log_after=$(count_log)
"${server_pin[@]}" "$BUILD_DIR/bench/prizes_group_commit" "$work" 3 >"$work/raw.txt"

mkdir -p bench/results
python3 - "$results" "$work/raw.txt" "$((log_after - log_before))" "$VOTERS" "$CONNECTIONS" "$SERVER_THREADS" <<'PY' | tee "bench/results/prizes_votes-$(date -u +%Y%m%dT%H%M%SZ).txt"
import re, statistics, subprocess, sys
results, raw, logged, voters, conns, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
runs = {}
for line in open(results):
    name, rest = line.split(" ", 1)
    fields = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", rest)}
    fields["rps"] = fields["requests"] / (fields["duration_us"] / 1e6)
    runs.setdefault(name, []).append(fields)
def med(name, key):
    return statistics.median(r[key] for r in runs[name])
print(f"prizes_votes: {voters} voters, {conns} connections, {threads} server threads, {len(runs['vote'])} rounds")
# The server's CPU time per request (all its threads) depends less on what else runs on the
# machine than the rates do: a rate is what one core gives, this is what a request costs.
tick_us = 1e6 / int(subprocess.check_output(["getconf", "CLK_TCK"]))
for name in runs:
    for r in runs[name]:
        r["cpu_us"] = r["cpu_ticks"] * tick_us / max(1, r["requests"])
print(f"{'target':<10} {'req/s':>9} {'rounds':<28} {'p50 ms':>7} {'p99 ms':>7} {'non-2xx':>8} {'cpu us/req':>10}")
for name in ("vote", "refused", "notroute"):
    rounds = ", ".join(f"{r['rps']:.0f}" for r in runs[name])
    print(f"{name:<10} {med(name, 'rps'):>9.0f} {rounds:<28} {med(name, 'p50_us')/1000:>7.2f} {med(name, 'p99_us')/1000:>7.2f} "
          f"{sum(r['non2xx'] for r in runs[name]):>8} {med(name, 'cpu_us'):>10.1f}")
# wrk counts requests it sent; those cut off at the end of a run were answered or not, so the
# log may hold a few more rows than the 201s wrk saw, never fewer.
acknowledged = sum(r["requests"] - r["non2xx"] - r["errors"] for r in runs["vote"])
print(f"votes answered 201: {acknowledged}; rows added to the vote log: {logged}"
      f" ({'none missing' if logged >= acknowledged else 'MISSING VOTES'})")
for line in open(raw):
    m = dict(re.findall(r"(\w+)=([\d.]+)", line))
    print(f"raw SQLite group commit, {m['batch']:>4} votes per transaction: {float(m['votes_per_s']):>9.0f} votes/s")
vote, refused, notroute = med("vote", "rps"), med("refused", "rps"), med("notroute", "rps")
print(f"ratios: vote/refused {vote/refused:.2f}, vote/notroute {vote/notroute:.2f}")
cpu_vote = med("vote", "cpu_us")
print(f"one core's worth at the measured CPU cost: vote {1e6/cpu_vote:.0f}/s, refused {1e6/med('refused', 'cpu_us'):.0f}/s,"
      f" notroute {1e6/med('notroute', 'cpu_us'):.0f}/s")
print(f"targets: >= 20000 votes/s: {'meets' if vote >= 20000 else 'MISSES'}; >= half the no-work POST (refused): "
      f"{'meets' if vote >= refused / 2 else 'MISSES'}")
PY
