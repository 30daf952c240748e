#!/usr/bin/env python3
"""Redo a WSIS Prizes cycle's published results from its anonymised vote log.

Anyone can run it: python3 alone, no package to install, no account needed.

  python3 tools/prizes/verify_results.py https://hub.example.org/api/v1/prizes/cycles/1
  python3 tools/prizes/verify_results.py URL --save-log log.jsonl --save-results results.json
  python3 tools/prizes/verify_results.py --log log.jsonl --results results.json

With a URL it reads the cycle's results (GET URL/results) and its whole vote log (GET
URL/vote-log, 10,000 rows a page); --save-log keeps the log as it was read, one JSON row a line
(the export), and --save-results the results. With --log and --results it works from such
files alone, offline.

From the log it counts, per category, each voter's last vote (the row with the highest seq),
then checks everything the results publish that follows from the log and the published rules:
  - the votes of every nomination, the total of counted votes and the number of log rows;
  - the ranking: most votes first, ties ordered by the cycle's rule (earliest_nomination: the
    nomination submitted first, then the lower id; seeded_draw: BLAKE2b-256 of
    "<tie_break_seed>:<nomination id>" in hexadecimal, lowest first);
  - the finalists (the first finalists_per_category of the ranking), that the winner is one of
    them (the expert group's pick, or else the most voted), and that the champions are the
    other finalists in ranking order, at most champions_per_category.
Which finalist the experts picked is their decision, not the log's: it is checked to be a
finalist, not recomputed.

Exit status: 0 when the results agree with the log, 1 when they do not (each difference is
printed), 2 when the log or the results cannot be read or are not shaped as the API publishes
them (no verdict either way).
"""

import argparse
import hashlib
import json
import sys
import urllib.error
import urllib.request

PAGE = 10000


class Unreadable(Exception):
    pass


def get_json(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace")[:500]
        raise Unreadable(f"GET {url}: HTTP {error.code}: {detail}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise Unreadable(f"GET {url}: {error}") from None


def fetch_log(base):
    """Every row of the log, in the order of seq, page after page."""
    after = 0
    while True:
        page = get_json(f"{base}/vote-log?limit={PAGE}&after={after}")
        yield from page["items"]
        if page.get("next_after") is None:
            return
        after = page["next_after"]


def read_log(path):
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except ValueError as error:
                        raise Unreadable(f"{path}, line {number}: {error}") from None
    except OSError as error:
        raise Unreadable(str(error)) from None


def read_results(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as error:
        raise Unreadable(f"{path}: {error}") from None


def count(rows):
    """(votes per nomination, rows read): each voter's last vote per category counts."""
    last = {}  # (category, voter) -> (seq, nomination_id)
    n = 0
    for row in rows:
        try:
            key, seq, nomination = (row["category"], row["voter"]), int(row["seq"]), int(row["nomination_id"])
        except (KeyError, TypeError, ValueError):
            raise Unreadable(f"a log row without seq, category, voter and nomination_id: {row!r}") from None
        n += 1
        if key not in last or seq > last[key][0]:
            last[key] = (seq, nomination)
    votes = {}
    for _, nomination in last.values():
        votes[nomination] = votes.get(nomination, 0) + 1
    return votes, n


def draw(seed, nomination_id):
    return hashlib.blake2b(f"{seed}:{nomination_id}".encode(), digest_size=32).hexdigest()


def check(results, votes, rows):
    """The differences between the published results and what the log gives: a list of lines."""
    problems = []
    # The rules as published with the results: none is guessed (a missing one is exit 2).
    rules = results["rules"]
    rule = rules["tie_break"]
    if rule not in ("earliest_nomination", "seeded_draw"):
        raise ValueError(f"unknown tie_break rule {rule!r}")
    seed = results.get("tie_break_seed")
    if rule == "seeded_draw" and not seed:
        problems.append("the rule is seeded_draw but no tie_break_seed is published")
    finalists_per_category = int(rules["finalists_per_category"])
    champions_per_category = int(rules["champions_per_category"])

    if results.get("log_rows") != rows:
        problems.append(f"log rows: published {results.get('log_rows')}, read {rows}")
    ranked_ids = set()
    for category in results["categories"]:
        code = category["category"]
        ranking = category["ranking"]
        ranked_ids.update(r["nomination_id"] for r in ranking)
        for r in ranking:
            expected = votes.get(r["nomination_id"], 0)
            if r["votes"] != expected:
                problems.append(f"{code}: nomination {r['nomination_id']} has {r['votes']} votes published, "
                                f"{expected} in the log")

        def order(r):
            tie = draw(seed, r["nomination_id"]) if rule == "seeded_draw" else (r["nominated_at"], r["nomination_id"])
            return (-votes.get(r["nomination_id"], 0), tie)

        published = [r["nomination_id"] for r in ranking]
        redone = [r["nomination_id"] for r in sorted(ranking, key=order)]
        if published != redone:
            problems.append(f"{code}: ranking published {published}, from the log {redone}")
        if [r.get("rank") for r in ranking] != list(range(1, len(ranking) + 1)):
            problems.append(f"{code}: ranks are not 1, 2, 3, ... in the order published")

        finalists = redone[:finalists_per_category]
        winner = category.get("winner")
        if ranking and winner is None:
            problems.append(f"{code}: no winner published")
        if winner is not None:
            if winner not in finalists:
                problems.append(f"{code}: the winner {winner} is not among the finalists {finalists}")
            elif not category.get("winner_picked_by_experts") and winner != redone[0]:
                problems.append(f"{code}: no pick by the experts, so the most voted ({redone[0]}) wins, not {winner}")
        champions = [n for n in finalists if n != winner][:champions_per_category]
        if category.get("champions") != champions:
            problems.append(f"{code}: champions published {category.get('champions')}, from the log {champions}")

    for nomination in sorted(set(votes) - ranked_ids):
        problems.append(f"nomination {nomination} has {votes[nomination]} votes in the log but is in no ranking")
    counted = sum(votes.values())
    if results.get("total_votes") != counted:
        problems.append(f"total votes: published {results.get('total_votes')}, counted {counted}")
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description="Redo a WSIS Prizes cycle's results from its anonymised vote log.")
    parser.add_argument("url", nargs="?", help="the cycle's API address, e.g. https://hub.example.org/api/v1/prizes/cycles/1")
    parser.add_argument("--log", help="a saved log (JSON Lines) instead of reading it from the URL")
    parser.add_argument("--results", help="saved results (JSON) instead of reading them from the URL")
    parser.add_argument("--save-log", help="write the log read from the URL to this file, one JSON row a line")
    parser.add_argument("--save-results", help="write the results read from the URL to this file")
    args = parser.parse_args(argv)
    base = args.url.rstrip("/") if args.url else None
    if not base and not (args.log and args.results):
        parser.error("give the cycle's URL, or both --log and --results")
    try:
        results = read_results(args.results) if args.results else get_json(f"{base}/results")
        if args.save_results:
            with open(args.save_results, "w", encoding="utf-8") as f:
                json.dump(results, f, ensure_ascii=False, indent=1)
        if args.log:
            rows = read_log(args.log)
        else:
            rows = fetch_log(base)
            if args.save_log:
                rows = saved(rows, args.save_log)
        votes, n = count(rows)
        problems = check(results, votes, n)
    except (Unreadable, OSError) as error:
        print(f"cannot verify: {error}", file=sys.stderr)
        return 2
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        # Not the shape the API publishes: no verdict either way.
        print(f"cannot verify: the results or the log are not as the API publishes them ({error!r})", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    categories = len(results["categories"])
    if problems:
        print(f"The published results DO NOT agree with the log: {len(problems)} difference(s).")
        return 1
    print(f"The published results agree with the log: {n} rows, {sum(votes.values())} votes counted, "
          f"{categories} categories.")
    return 0


def saved(rows, path):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            yield row


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
