#!/usr/bin/env bash
# `wsis import` of 100,000 Stocktaking entries (target: under 20 s), against baselines measured
# in the same run.
#
#   bash bench/import_entries.sh
#
# Makes a JSON Lines file of ENTRIES entries: with `wsis demo --entries N --seed S` and
# `wsis export --all` when the binary has the demo command, else with the deterministic
# generator below (the same reference codes, six languages, realistic shares). Then, each on a
# fresh data directory unless said otherwise:
#   import        `wsis import FILE` (2,000 rows per transaction, the default)
#   re-import     the same file again into that database: every row unchanged (idempotence)
#   export jsonl  `wsis export --all --format jsonl` of the imported database
#   export csv    the same as CSV
#   raw sqlite    the floor: the sqlite3 shell loads the same lines into a table
#                 (external_id TEXT UNIQUE, line TEXT) in one transaction, no validation,
#                 no projection, no change feed
#   per-row txn   the first SAMPLE rows imported with --batch-size 1 (one transaction, so one
#                 fsync, per row) against the same rows with the default batches
# Prints wall seconds, CPU seconds (user + system), rows/s, the ratios and the import's peak
# resident memory; saves a copy in bench/results/ (not committed). Exits 0 unless a step fails
# (the target is reported, not enforced: a busy shared machine must not fail a run).
#
# Settings (environment): BUILD_DIR (default build; built with scripts/build.sh when it has no
# wsis binary, brought up to date otherwise), ENTRIES (100000), SEED (7), SAMPLE (2000),
# KEEP=1 keeps the temporary directory. About a minute and a half with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
ENTRIES=${ENTRIES:-100000}
SEED=${SEED:-7}
SAMPLE=${SAMPLE:-2000}

BENCH_NAME=import_entries
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_require python3 sqlite3
bench_build

work=$(mktemp -d "${TMPDIR:-/tmp}/wsis-import-bench-XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

entries_file=$work/entries.jsonl
if "$wsis" --help | grep -qE '^ +demo( |$)'; then
  echo "import_entries: $ENTRIES entries from wsis demo --seed $SEED" >&2
  "$wsis" demo --entries "$ENTRIES" --seed "$SEED" --data-dir "$work/demo" >/dev/null
  "$wsis" export --all --format jsonl --output "$entries_file" --data-dir "$work/demo" >/dev/null
  source_note="wsis demo --entries $ENTRIES --seed $SEED, exported with wsis export --all"
else
  echo "import_entries: generating $ENTRIES entries (seed $SEED)" >&2
  python3 - "$ENTRIES" "$SEED" "$entries_file" <<'PY'
# Deterministic entries from the real reference codes: languages, countries, action lines,
# SDG targets and stakeholder types in plausible shares; titles and descriptions in the
# entry's language, a third with an English or French translation.
import json, random, sys
count, seed, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
ref = lambda name: json.load(open(f"data/reference/{name}", encoding="utf-8"))
countries = [c["iso3"] for c in ref("countries.json")]
lines = [a["code"] for a in ref("action_lines.json")]
targets = [t["code"] for t in ref("sdg/targets.json")]
types = [s["code"] for s in ref("stakeholder_types.json")]
words = {
    "en": "digital inclusion rural broadband schools health data skills women youth open access cloud security network community".split(),
    "fr": "inclusion numérique rurale écoles santé données compétences femmes jeunes accès ouvert réseau communauté sécurité".split(),
    "es": "inclusión digital rural escuelas salud datos competencias mujeres jóvenes acceso abierto red comunidad seguridad".split(),
    "ar": "الشمول الرقمي الريفي المدارس الصحة البيانات المهارات النساء الشباب النفاذ المفتوح الشبكة المجتمع الأمن".split(),
    "ru": "цифровая инклюзия сельские школы здоровье данные навыки женщины молодежь открытый доступ сеть сообщество".split(),
    "zh": "数字 包容 农村 学校 卫生 数据 技能 妇女 青年 开放 接入 网络 社区 安全".split(),
}
languages = ["en"] * 45 + ["fr"] * 15 + ["es"] * 12 + ["ar"] * 10 + ["ru"] * 8 + ["zh"] * 10
organisations = [(f"Organisation {i:04d}", rng.choice(types), rng.choice(countries)) for i in range(2000)]
def text(lang, n):
    sep = "" if lang == "zh" else " "
    return sep.join(rng.choice(words[lang]) for _ in range(n))
with open(path, "w", encoding="utf-8") as out:
    for i in range(count):
        lang = rng.choice(languages)
        name, stype, country = rng.choice(organisations)
        chosen_lines = sorted(rng.sample(lines, rng.randint(1, 3)))
        record = {
            "external_id": f"bench-{seed}-{i:06d}",
            "state": "published" if rng.random() < 0.85 else rng.choice(["draft", "submitted", "archived"]),
            "success_story": rng.random() < 0.05,
            "organisation": {"name": name, "stakeholder_type": stype, "country": country},
            "type": rng.choice(["project", "programme", "training", "conference", "website", "guideline", "toolkit"]),
            "title": text(lang, rng.randint(4, 9)).capitalize() + f" {i}",
            "description": "\n".join(text(lang, rng.randint(20, 60)) for _ in range(rng.randint(1, 4))),
            "language": lang,
            "countries": ["global"] if rng.random() < 0.08 else rng.sample(countries, rng.randint(1, 3)),
            "action_lines": chosen_lines,
            "primary_action_line": rng.choice(chosen_lines),
            "sdg_targets": rng.sample(targets, rng.randint(1, 4)),
            "project_status": rng.choice(["planned", "ongoing", "ongoing", "completed"]),
            "reporting_year": rng.randint(2015, 2025),
        }
        other = "fr" if lang == "en" else "en"
        if rng.random() < 0.33:
            record["translations"] = {other: {"title": text(other, rng.randint(4, 9)).capitalize() + f" {i}",
                                              "description": text(other, rng.randint(20, 40))}}
        if rng.random() < 0.7:
            start = rng.randint(2010, 2024)
            record["start_date"] = f"{start}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.5:
                record["end_date"] = f"{start + rng.randint(1, 5)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.6:
            record["website"] = f"https://example.org/{seed}/{i}"
        if rng.random() < 0.5:
            record["contact"] = {"name": f"Contact {i}", "email": f"contact{i}@example.org"}
        if rng.random() < 0.4:
            record["partners"] = [f"Partner {rng.randint(1, 500)}" for _ in range(rng.randint(1, 3))]
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
PY
  source_note="generated by bench/import_entries.sh (seed $SEED)"
fi

python3 - "$wsis" "$work" "$entries_file" "$SAMPLE" "$source_note" <<'PY'
import os, resource, subprocess, sys, time
wsis, work, entries, sample, source = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]

def run(argv, stdin=None):
    """Wall seconds and CPU seconds (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

rows = sum(1 for _ in open(entries, encoding="utf-8"))
size = os.path.getsize(entries)
results = []
def record(name, n, wall, cpu):
    results.append((name, n, wall, cpu))
    print(f"  {name:<30} {wall:7.2f} s", file=sys.stderr)

data = os.path.join(work, "import")
record("import", rows, *run([wsis, "import", entries, "--data-dir", data]))
# The first child of this script: the largest resident size of any child so far is the import's.
import_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
record("re-import (all unchanged)", rows, *run([wsis, "import", entries, "--data-dir", data]))
record("export jsonl --all", rows, *run([wsis, "export", "--all", "--format", "jsonl", "--output", os.path.join(work, "out.jsonl"), "--data-dir", data]))
record("export csv --all", rows, *run([wsis, "export", "--all", "--format", "csv", "--output", os.path.join(work, "out.csv"), "--data-dir", data]))

raw_db = os.path.join(work, "raw.db")
script = f"""PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
CREATE TABLE lines (line TEXT);
CREATE TABLE raw (external_id TEXT UNIQUE, line TEXT NOT NULL);
BEGIN;
.mode ascii
.separator "\x1f" "\\n"
.import {entries} lines
INSERT INTO raw SELECT json_extract(line, '$.external_id'), line FROM lines;
DELETE FROM lines;
COMMIT;
"""
with open(os.path.join(work, "raw.sql"), "w") as f:
    f.write(script)
with open(os.path.join(work, "raw.sql")) as f:
    record("raw sqlite (floor)", rows, *run(["sqlite3", raw_db], stdin=f))
loaded = subprocess.run(["sqlite3", raw_db, "SELECT COUNT(*) FROM raw"], check=True, capture_output=True, text=True).stdout.strip()
assert int(loaded) == rows, f"raw baseline loaded {loaded} of {rows} rows"

head = os.path.join(work, "sample.jsonl")
with open(entries, encoding="utf-8") as src, open(head, "w", encoding="utf-8") as dst:
    for i, line in enumerate(src):
        if i >= sample:
            break
        dst.write(line)
record(f"sample {sample}, batches of 2000", sample, *run([wsis, "import", head, "--data-dir", os.path.join(work, "batched")]))
record(f"sample {sample}, one txn per row", sample, *run([wsis, "import", head, "--batch-size", "1", "--data-dir", os.path.join(work, "per-row")]))

lines = []
lines.append(f"input: {rows} entries, {size / 1e6:.1f} MB of JSON Lines ({source})")
lines.append(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
lines.append("")
lines.append(f"{'step':<34}{'rows':>8}{'wall s':>9}{'cpu s':>8}{'rows/s':>10}")
lines.append("-" * 69)
for name, n, wall, cpu in results:
    lines.append(f"{name:<34}{n:>8}{wall:>9.2f}{cpu:>8.2f}{n / wall:>10.0f}")
by = {name: (n, wall, cpu) for name, n, wall, cpu in results}
imp = by["import"][1]
raw = by["raw sqlite (floor)"][1]
batched = by[f"sample {sample}, batches of 2000"][1]
per_row = by[f"sample {sample}, one txn per row"][1]
lines.append("")
lines.append(f"import of {rows} entries: {imp:.2f} s ({'meets' if imp < 20 else 'misses'} the 20 s target for 100,000),"
             f" peak resident memory {import_peak_mb:.0f} MB")
lines.append(f"ratio import / raw sqlite floor: {imp / raw:.1f}x the time")
lines.append(f"ratio one txn per row / batched ({sample} rows): {per_row / batched:.1f}x the time"
             f" ({per_row / sample * 1000:.2f} ms against {batched / sample * 1000:.2f} ms per row)")
text = "\n".join(lines)
print(text)
os.makedirs("bench/results", exist_ok=True)
with open(f"bench/results/import_entries-{time.strftime('%Y%m%d-%H%M%S')}.txt", "w") as f:
    f.write(text + "\n")
PY
