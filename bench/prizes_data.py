"""Shared by the prizes benchmarks: a cycle, its shortlist and the helpers to write them
directly into a migrated WSIS Hub database (sqlite3), as the server would have."""
import hashlib
import json
import time

CATEGORIES = ["C1", "C2", "C3", "C4", "C5", "C6", "C7-e-government", "C7-e-business", "C7-e-learning", "C7-e-health",
              "C7-e-employment", "C7-e-environment", "C7-e-agriculture", "C7-e-science", "C8", "C9", "C10", "C11"]
DAY_MS = 86400000


def now_ms():
    return int(time.time() * 1000)


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)


def blake(text):
    return hashlib.blake2b(text.encode(), digest_size=32).hexdigest()


def insert_cycle(db, year, voting_open, voting_close, rules=None):
    """A cycle of the 18 categories whose voting runs from voting_open to voting_close (ms);
    results a day after the close. Returns its id."""
    now = now_ms()
    config = {"year": year, "title": f"WSIS Prizes {year}", "categories": CATEGORIES,
              "phases": {"nominations": {"opens": iso(voting_open - 3 * DAY_MS), "closes": iso(voting_open - 2 * DAY_MS)},
                         "review": {"opens": iso(voting_open - 2 * DAY_MS), "closes": iso(voting_open - DAY_MS)},
                         "voting": {"opens": iso(voting_open), "closes": iso(voting_close)},
                         "results": iso(voting_close + DAY_MS)}}
    if rules:
        config["rules"] = rules
    return db.execute("INSERT INTO prize_cycles (year, title, config, voter_secret, created_at, updated_at)"
                      " VALUES (?, ?, ?, ?, ?, ?)",
                      (year, config["title"], json.dumps(config), blake(str(year)), now, now)).lastrowid


def insert_owner(db):
    """An organisation and the user who owns the nominated entries: (organisation, user)."""
    now = now_ms()
    org = db.execute("INSERT INTO organisations (name, stakeholder_type, country, created_at, updated_at)"
                     " VALUES ('Bench', 'academia', 'CHE', ?, ?)", (now, now)).lastrowid
    owner = db.execute("INSERT INTO users (email, password_hash, display_name, language, organisation_id, created_at,"
                       " updated_at) VALUES ('owner@example.org', 'x', 'Owner', 'en', ?, ?, ?)", (org, now, now)).lastrowid
    return org, owner


def insert_shortlist(db, cycle_id, org, owner, per_category=5):
    """`per_category` published entries per category, nominated and reviewed eligible:
    {category: [nomination ids]}."""
    now = now_ms()
    answers = json.dumps({"summary": " ".join(["word"] * 160),
                          "sdg_links": [{"action_line": "C1", "goal": 4, "explanation": "x"}],
                          "impact": "x", "partnerships": "x", "challenges": "x"})
    shortlist = {}
    for category in CATEGORIES:
        for k in range(per_category):
            entry = db.execute("INSERT INTO entries (organisation_id, owner_id, state, current_revision, created_at,"
                               " updated_at, entry_type, language, title, project_status, reporting_year,"
                               " stakeholder_type) VALUES (?, ?, 'published', 1, ?, ?, 'project', 'en', ?, 'ongoing',"
                               " 2025, 'academia')", (org, owner, now, now, f"Project {category} {k}")).lastrowid
            n = db.execute("INSERT INTO prize_nominations (cycle_id, category, entry_id, organisation_id, owner_id,"
                           " answers, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'submitted', ?, ?)",
                           (cycle_id, category, entry, org, owner, answers, now, now)).lastrowid
            db.execute("INSERT INTO prize_reviews (nomination_id, expert_id, scores, total, eligible, reason, at_ms)"
                       " VALUES (?, ?, '{}', 0, 1, 'ok', ?)", (n, owner, now))
            shortlist.setdefault(category, []).append(n)
    return shortlist
