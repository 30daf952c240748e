#!/usr/bin/env bash
# The first results request of a large cycle: the tally counts each voter's last vote per
# category from the whole vote log, once, at the first request after the results instant (for
# a cycle closed in the last 30 days the server counts it ahead of that request instead).
#
#   bash bench/prizes_results.sh
#
# A data directory is prepared directly in SQLite (python3): one cycle whose results are
# published, 18 categories with 5 shortlisted nominations each, and $VOTES rows in its vote log
# from $VOTERS voters (each voter votes in a few categories, and changes some votes), as many
# as the 2024 edition received. Then `wsis serve` on core 0, and:
#   first     GET /api/v1/prizes/cycles/1/results: the tally from the log, then the ranking
#   again     the same request: the results kept in memory
#   baseline  the same tally as one SQL query (each voter's last vote per category by
#             max(seq), counted per nomination) in the sqlite3 module of python3, on the same
#             file: what SQLite alone takes for it
# and the server's peak resident memory before and after. The counts of the first answer must
# equal the baseline's, nomination by nomination. Then, as anyone would check the results,
# tools/prizes/verify_results.py (on core 1) reads the results and the whole log over HTTP,
# 10,000 rows a request, and redoes them: its time is reported, and it must agree.
#
# Settings (environment): BUILD_DIR (build), VOTES (1500000), VOTERS (400000).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
VOTES=${VOTES:-1500000}
VOTERS=${VOTERS:-400000}

BENCH_NAME=prizes_results
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_require python3 curl
bench_build
bench_pin

bench_migrated_data_dir

echo "preparing a cycle with $VOTES votes from $VOTERS voters..." >&2
python3 - "$data/wsis.db" "$VOTES" "$VOTERS" <<'PY'
import random, sqlite3, sys
sys.path.insert(0, "bench")
from prizes_data import CATEGORIES as categories, DAY_MS as day, blake, insert_cycle, insert_owner, insert_shortlist, now_ms
db_path, votes, voters = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = sqlite3.connect(db_path)
# Closed over 30 days ago: `wsis serve` leaves such a cycle's log to its first request instead
# of counting it ahead (PrizesService::count_final_logs), so that request is what is measured.
close = now_ms() - 40 * day
cycle = insert_cycle(db, 2024, close - 10 * day, close)
org, owner = insert_owner(db)
shortlist = insert_shortlist(db, cycle, org, owner)
# Votes: a voter in a few categories, popular nominations more often (so the ranking has a
# shape), and about one vote in ten a change of an earlier one.
rng = random.Random(2024)
pseudonyms = [blake("voter:%d" % i) for i in range(voters)]
current = {}
def rows():
    for seq in range(1, votes + 1):
        voter = rng.randrange(voters)
        category = categories[(voter * 7 + rng.randrange(4)) % len(categories)]
        nomination = shortlist[category][min(int(rng.expovariate(0.7)), 4)]
        current[(voter, category)] = (nomination, seq)
        yield (seq, cycle, category, pseudonyms[voter], nomination, blake("r%d" % seq), close - day + seq)
db.executemany("INSERT INTO prize_vote_log (seq, cycle_id, category, voter, nomination_id, receipt_hash, at_ms)"
               " VALUES (?, ?, ?, ?, ?, ?, ?)", rows())
db.executemany("INSERT INTO prize_votes (cycle_id, category, user_id, nomination_id, seq) VALUES (?, ?, ?, ?, ?)",
               ((cycle, c, v + 1000, n, s) for (v, c), (n, s) in current.items()))
db.commit()
PY

start_server "$data" "$work/web"
peak_kb() { awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status"; }
before_kb=$(peak_kb)
url="http://127.0.0.1:$port/api/v1/prizes/cycles/1/results"
first_s=$(curl -sS -o "$work/first.json" -w '%{time_total}' "$url")
again_s=$(curl -sS -o "$work/again.json" -w '%{time_total}' "$url")
after_kb=$(peak_kb)
verify_start=$(date +%s.%N)
verify_rc=0
"${client_pin[@]}" python3 tools/prizes/verify_results.py "http://127.0.0.1:$port/api/v1/prizes/cycles/1" \
  >"$work/verify.txt" 2>&1 || verify_rc=$?
verify_end=$(date +%s.%N)
stop_server

python3 - "$data/wsis.db" "$work/first.json" "$first_s" "$again_s" "$before_kb" "$after_kb" "$VOTES" \
  "$verify_rc" "$verify_start" "$verify_end" "$work/verify.txt" <<'PY'
import json, sqlite3, sys, time
db_path, first_path, first_s, again_s, before_kb, after_kb, votes, verify_rc, verify_start, verify_end, verify_out = sys.argv[1:]
db = sqlite3.connect(db_path)
start = time.perf_counter()
# SQLite's bare column with max(): nomination_id of the row holding each group's max(seq).
baseline = dict(db.execute(
    "SELECT nomination_id, COUNT(*) FROM (SELECT nomination_id, max(seq) FROM prize_vote_log WHERE cycle_id = 1"
    " GROUP BY category, voter) GROUP BY nomination_id").fetchall())
baseline_s = time.perf_counter() - start
results = json.load(open(first_path))
served = {}
for category in results["categories"]:
    for ranked in category["ranking"]:
        if ranked["votes"]:
            served[ranked["nomination_id"]] = ranked["votes"]
same = served == baseline
first_s, again_s = float(first_s), float(again_s)
print(f"prizes_results: {int(votes):,} log rows, {sum(baseline.values()):,} counted votes")
print(f"first request (tally)  {first_s * 1000:10.1f} ms")
print(f"second request         {again_s * 1000:10.1f} ms")
print(f"baseline (SQL tally)   {baseline_s * 1000:10.1f} ms")
print(f"ratio first/baseline   {first_s / baseline_s:10.2f}")
print(f"server peak memory     {int(before_kb) / 1024:.0f} MB before, {int(after_kb) / 1024:.0f} MB after")
print("counts equal the SQL tally: " + ("yes" if same else "NO"))
verified = verify_rc == "0"
print(f"verify_results.py      {float(verify_end) - float(verify_start):10.1f} s (the log over HTTP, recounted, checked): "
      + ("agrees" if verified else "FAILED, exit " + verify_rc))
if not verified:
    print(open(verify_out).read()[-2000:])
sys.exit(0 if same and verified else 1)
PY
