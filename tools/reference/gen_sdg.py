#!/usr/bin/env python3
"""Reshape the Open SDG translations (global goals, targets and indicators in the six UN
languages) into the JSON reference files that WSIS Hub ships.

Usage: python3 tools/reference/gen_sdg.py [SOURCE_DIR] [OUT_DIR]
  SOURCE_DIR defaults to ../shared/data/sdg relative to the repository root
             (that is /work/shared/data/sdg on the project machines);
  OUT_DIR    defaults to data/reference/sdg in the repository.

The script refuses to write anything when an item lacks a translation in one of the six
languages, when a text is empty, or when a key does not have the expected shape: a missing
translation must be fixed at the source, never invented here.

Text clean-up is limited to what is not part of the official wording:
  * leading and trailing white space is removed;
  * runs of ASCII white space (spaces, tabs, line breaks left by the YAML folding or by PDF
    extraction) become one space;
  * U+00AD SOFT HYPHEN (an invisible hyphenation hint left by PDF extraction in a few Russian
    indicators) is removed, so that the words can be searched;
  * the text is put in Unicode NFC form: the source stores the French, Spanish, Russian and
    Arabic texts decomposed (NFD, e.g. "a" + U+0301 for "á"), which is the same text but would
    not match what users type in a search box.
Everything else, including the Arabic tatweel and no-break spaces, is kept as published.
"""
import json
import os
import re
import sys
import unicodedata

import yaml

LANGS = [("ar", "ar"), ("en", "en"), ("es", "es"), ("fr", "fr"), ("ru", "ru"), ("zh-Hans", "zh")]
OUT_LANGS = [out for _, out in LANGS]

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_SRC = os.path.normpath(os.path.join(REPO, "..", "shared", "data", "sdg"))
DEFAULT_OUT = os.path.join(REPO, "data", "reference", "sdg")

GOAL_KEY = re.compile(r"^([0-9]+)-(short|title)$")
TARGET_KEY = re.compile(r"^([0-9]+)-([0-9]+|[a-z])-title$")
INDICATOR_KEY = re.compile(r"^([0-9]+)-([0-9]+|[a-z])-([0-9]+)-title$")


class SourceError(Exception):
    pass


def clean(text):
    text = text.replace("\u00ad", "")
    text = re.sub(r"[ \t\r\n]+", " ", text)
    return unicodedata.normalize("NFC", text.strip())


def load(src, kind):
    """Returns {lang: {key: text}} for one kind (goals, targets, indicators)."""
    out = {}
    for src_lang, lang in LANGS:
        path = os.path.join(src, src_lang, "global_%s.yml" % kind)
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
        if not isinstance(data, dict):
            raise SourceError("%s: expected a mapping" % path)
        texts = {}
        for key, value in data.items():
            if not isinstance(value, str):
                raise SourceError("%s: %r is not a string" % (path, key))
            texts[str(key)] = clean(value)
        out[lang] = texts
    return out


def part_key(part):
    """Sort key for one code part: numbers first in numeric order, then letters."""
    return (0, int(part), "") if part.isdigit() else (1, 0, part)


def code_key(code):
    return tuple(part_key(p) for p in code.split("."))


def multilingual(texts, key, what, problems):
    result = {}
    for lang in OUT_LANGS:
        value = texts[lang].get(key)
        if value is None:
            problems.append("%s: no %s text (key %s)" % (what, lang, key))
        elif value == "":
            problems.append("%s: empty %s text (key %s)" % (what, lang, key))
        else:
            result[lang] = value
    return result


def all_keys(texts):
    keys = set()
    for lang in OUT_LANGS:
        keys |= set(texts[lang])
    return keys


def build(src):
    problems = []

    goal_texts = load(src, "goals")
    goal_numbers = set()
    for key in all_keys(goal_texts):
        m = GOAL_KEY.match(key)
        if not m:
            problems.append("goals: unexpected key %r" % key)
            continue
        goal_numbers.add(int(m.group(1)))
    goals = []
    for n in sorted(goal_numbers):
        goals.append({
            "number": n,
            "code": str(n),
            "short": multilingual(goal_texts, "%d-short" % n, "goal %d short" % n, problems),
            "title": multilingual(goal_texts, "%d-title" % n, "goal %d title" % n, problems),
        })

    target_texts = load(src, "targets")
    targets = []
    for key in all_keys(target_texts):
        m = TARGET_KEY.match(key)
        if not m:
            problems.append("targets: unexpected key %r" % key)
            continue
        goal = int(m.group(1))
        code = "%d.%s" % (goal, m.group(2))
        if goal not in goal_numbers:
            problems.append("target %s: unknown goal %d" % (code, goal))
        targets.append({
            "code": code,
            "goal": goal,
            "title": multilingual(target_texts, key, "target " + code, problems),
        })
    targets.sort(key=lambda t: code_key(t["code"]))
    target_codes = {t["code"] for t in targets}

    indicator_texts = load(src, "indicators")
    indicators = []
    for key in all_keys(indicator_texts):
        m = INDICATOR_KEY.match(key)
        if not m:
            problems.append("indicators: unexpected key %r" % key)
            continue
        goal = int(m.group(1))
        target = "%d.%s" % (goal, m.group(2))
        code = "%s.%s" % (target, m.group(3))
        if target not in target_codes:
            problems.append("indicator %s: unknown target %s" % (code, target))
        indicators.append({
            "code": code,
            "target": target,
            "goal": goal,
            "title": multilingual(indicator_texts, key, "indicator " + code, problems),
        })
    indicators.sort(key=lambda i: code_key(i["code"]))

    for name, items in (("goal", goals), ("target", targets), ("indicator", indicators)):
        codes = [i["code"] for i in items]
        if len(codes) != len(set(codes)):
            problems.append("duplicate %s codes" % name)
    return goals, targets, indicators, problems


def write_json(path, value):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(value, f, ensure_ascii=False, indent=2)
        f.write("\n")


def main(argv):
    src = argv[1] if len(argv) > 1 else DEFAULT_SRC
    out = argv[2] if len(argv) > 2 else DEFAULT_OUT
    try:
        goals, targets, indicators, problems = build(src)
    except (OSError, yaml.YAMLError, SourceError) as e:
        print("gen_sdg: cannot read the source: %s" % e, file=sys.stderr)
        return 2
    if problems:
        print("gen_sdg: the source is incomplete; nothing written:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    os.makedirs(out, exist_ok=True)
    write_json(os.path.join(out, "goals.json"), goals)
    write_json(os.path.join(out, "targets.json"), targets)
    write_json(os.path.join(out, "indicators.json"), indicators)
    print("gen_sdg: %d goals, %d targets, %d indicators written to %s"
          % (len(goals), len(targets), len(indicators), out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
