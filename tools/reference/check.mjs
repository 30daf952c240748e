#!/usr/bin/env node
// Validates the reference data the server ships (data/reference/**, data/messages/server.json).
// Plain Node, no dependencies. Exits 1 and lists every problem found; exits 0 when all pass.
//
// Usage: node tools/reference/check.mjs [REPO_ROOT]
//
// What it checks, file by file:
//   - the file is UTF-8 JSON written as JSON.stringify(value, null, 2) + "\n";
//   - objects have the documented keys in the documented order;
//   - every multilingual text has exactly ar, en, es, fr, ru, zh (in that order), each a
//     non-empty string with no leading or trailing white space and no control character, and
//     the Arabic, Russian and Chinese texts contain Arabic, Cyrillic and Han letters (a cheap
//     guard against English left untranslated);
//   - counts, unique codes, natural order, and references between files;
//   - messages: each is valid ICU MessageFormat with balanced braces, uses the same argument
//     names in every language, and its plural branches use only the CLDR plural categories of
//     that language and always include "other".
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const LANGS = ["ar", "en", "es", "fr", "ru", "zh"];
const SCRIPT = { ar: /\p{Script=Arabic}/u, ru: /\p{Script=Cyrillic}/u, zh: /\p{Script=Han}/u };
const PLURAL_CATEGORIES = {
  ar: ["zero", "one", "two", "few", "many", "other"],
  en: ["one", "other"],
  es: ["one", "many", "other"],
  fr: ["one", "many", "other"],
  ru: ["one", "few", "many", "other"],
  zh: ["other"],
};
const REGIONS = ["africa", "americas", "arab-states", "asia-pacific", "cis", "europe"];
const STAKEHOLDER_TYPES = [
  "government",
  "private-sector",
  "civil-society",
  "academia",
  "international-organization",
  "technical-community",
  "other",
];
const C7_SUBLINES = [
  "C7-e-government",
  "C7-e-business",
  "C7-e-learning",
  "C7-e-health",
  "C7-e-employment",
  "C7-e-environment",
  "C7-e-agriculture",
  "C7-e-science",
];
const ACTION_LINES = ["C1", "C2", "C3", "C4", "C5", "C6", "C7", ...C7_SUBLINES, "C8", "C9", "C10", "C11"];
const PRIZE_CATEGORIES = ACTION_LINES.filter((code) => code !== "C7");
const ITU_SOLE = ["C2", "C5", "C6"];
const REQUIRED_MESSAGES = [
  ...[
    "bad_request",
    "not_found",
    "method_not_allowed",
    "malformed_json",
    "invalid_utf8",
    "validation",
    "payload_too_large",
    "headers_too_large",
    "unsupported_media_type",
    "unauthorized",
    "forbidden",
    "csrf",
    "conflict",
    "precondition_failed",
    "precondition_required",
    "too_many_requests",
    "login_failed",
    "email_taken",
    "busy",
    "internal",
    "invalid_query",
    "not_acceptable",
  ].flatMap((p) => [`problem.${p}.title`, `problem.${p}.detail`]),
  ...[
    "required",
    "expected_string",
    "expected_integer",
    "expected_number",
    "expected_boolean",
    "expected_object",
    "expected_array",
    "too_long",
    "too_short",
    "too_many_items",
    "unknown_code",
    "unknown_field",
    "invalid_email",
    "invalid_url",
    "control_characters",
    "empty",
    "out_of_range",
    "invalid_value",
    "invalid_date",
    "weak_password",
    "invalid_cursor",
    "not_found",
  ].map((f) => `field.${f}`),
];

const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const problems = [];
const report = (where, message) => problems.push(`${where}: ${message}`);

function load(path) {
  const full = join(root, path);
  let text;
  try {
    text = readFileSync(full, "utf8");
  } catch (e) {
    report(path, `cannot read (${e.code ?? e.message})`);
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) report(path, "starts with a byte order mark");
  if (text.includes("\uFFFD")) report(path, "contains U+FFFD (invalid UTF-8 or a lost character)");
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    report(path, `not valid JSON: ${e.message}`);
    return undefined;
  }
  if (text !== JSON.stringify(value, null, 2) + "\n") {
    report(path, "not formatted as JSON.stringify(value, null, 2) followed by a newline");
  }
  return value;
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function checkKeys(where, obj, keys) {
  if (!isObject(obj)) {
    report(where, "expected an object");
    return false;
  }
  const actual = Object.keys(obj);
  if (actual.join(",") !== keys.join(",")) {
    report(where, `keys are [${actual.join(", ")}], expected [${keys.join(", ")}] in that order`);
    return false;
  }
  return true;
}

function checkText(where, value) {
  if (typeof value !== "string" || value === "") {
    report(where, "must be a non-empty string");
    return false;
  }
  if (value !== value.trim()) report(where, "has leading or trailing white space");
  // Control characters (C0, DEL, C1) and the soft hyphen never belong in a title.
  if (/[\u0000-\u001f\u007f-\u009f\u00ad]/u.test(value)) report(where, "contains a control character or soft hyphen");
  if (value !== value.normalize("NFC")) report(where, "is not in Unicode NFC form");
  return true;
}

function checkMultilingual(where, obj) {
  if (!checkKeys(where, obj, LANGS)) return;
  for (const lang of LANGS) {
    if (!checkText(`${where}.${lang}`, obj[lang])) continue;
    const script = SCRIPT[lang];
    if (script && !script.test(obj[lang])) report(`${where}.${lang}`, `has no letter of the ${lang} script: "${obj[lang]}"`);
  }
}

function checkArray(where, value, count) {
  if (!Array.isArray(value)) {
    report(where, "expected an array");
    return false;
  }
  if (count !== undefined && value.length !== count) report(where, `has ${value.length} items, expected ${count}`);
  return true;
}

function checkUnique(where, values, what) {
  const seen = new Set();
  for (const v of values) {
    if (seen.has(v)) report(where, `duplicate ${what} ${v}`);
    seen.add(v);
  }
}

function checkSequence(where, actual, expected, what) {
  if (actual.join(",") !== expected.join(",")) {
    report(where, `${what} are [${actual.join(", ")}], expected [${expected.join(", ")}]`);
  }
}

// --- SDG code order: numbers numerically, letters after numbers ("1.5" < "1.a" < "1.10"? no:
// numbers first, so "1.5" < "1.10" < "1.a").
function compareCodes(a, b) {
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = /^\d+$/.test(pa[i]);
    const nb = /^\d+$/.test(pb[i]);
    if (na && nb && Number(pa[i]) !== Number(pb[i])) return Number(pa[i]) - Number(pb[i]);
    if (na !== nb) return na ? -1 : 1;
    if (!na && pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}

function checkSorted(where, codes, compare) {
  for (let i = 1; i < codes.length; i++) {
    if (compare(codes[i - 1], codes[i]) >= 0) {
      report(where, `not in order: ${codes[i - 1]} before ${codes[i]}`);
      return;
    }
  }
}

// --- ICU MessageFormat -----------------------------------------------------------------------
// A small parser for the subset the server uses: literal text with ICU apostrophe quoting,
// {name}, {name, type}, {name, type, style}, and {name, plural|selectordinal|select, ...}.
class MessageError extends Error {}

function parseMessage(text, lang) {
  const args = new Map(); // name -> Set of types
  let i = 0;

  const addArg = (name, type) => {
    if (!args.has(name)) args.set(name, new Set());
    args.get(name).add(type);
  };
  const skipSpace = () => {
    while (i < text.length && /\s/u.test(text[i])) i++;
  };
  const readWord = (what) => {
    const m = /^[\p{L}\p{N}_=:-]+/u.exec(text.slice(i));
    if (!m) throw new MessageError(`expected ${what} at offset ${i}`);
    i += m[0].length;
    return m[0];
  };

  // Reads literal text and arguments until an unmatched "}" (nested) or the end (top level).
  function parseText(nested, inPlural) {
    while (i < text.length) {
      const c = text[i];
      if (c === "'") {
        const next = text[i + 1];
        if (next === "'") {
          i += 2;
        } else if (next === "{" || next === "}" || next === "|" || (inPlural && next === "#")) {
          // Quoted literal: runs to the next lone apostrophe.
          i += 1;
          for (;;) {
            if (i >= text.length) throw new MessageError("unterminated quoted text (an apostrophe before { } or #)");
            if (text[i] === "'" && text[i + 1] === "'") i += 2;
            else if (text[i] === "'") {
              i += 1;
              break;
            } else i += 1;
          }
        } else {
          i += 1;
        }
      } else if (c === "{") {
        i += 1;
        parseArgument();
      } else if (c === "}") {
        if (!nested) throw new MessageError(`unbalanced "}" at offset ${i}`);
        return;
      } else {
        i += 1;
      }
    }
    if (nested) throw new MessageError('unbalanced "{": missing "}"');
  }

  function parseArgument() {
    skipSpace();
    const name = readWord("an argument name");
    if (!/^[A-Za-z_][A-Za-z0-9_]*$|^\d+$/.test(name)) throw new MessageError(`bad argument name "${name}"`);
    skipSpace();
    if (text[i] === "}") {
      i += 1;
      addArg(name, "string");
      return;
    }
    if (text[i] !== ",") throw new MessageError(`expected "," or "}" after argument ${name}`);
    i += 1;
    skipSpace();
    const type = readWord("an argument type");
    skipSpace();
    addArg(name, type);
    if (type === "plural" || type === "selectordinal" || type === "select") {
      if (text[i] !== ",") throw new MessageError(`${type} argument ${name} has no options`);
      i += 1;
      const selectors = [];
      for (;;) {
        skipSpace();
        if (text[i] === "}") {
          i += 1;
          break;
        }
        if (i >= text.length) throw new MessageError(`unterminated ${type} argument ${name}`);
        let selector = readWord("a selector");
        if (selector.startsWith("offset:")) {
          if (type === "select") throw new MessageError("offset in a select");
          if (!/^offset:\d+$/.test(selector)) {
            skipSpace();
            selector += readWord("an offset");
          }
          continue;
        }
        skipSpace();
        if (text[i] !== "{") throw new MessageError(`selector "${selector}" of ${name} has no "{message}"`);
        i += 1;
        parseText(true, type !== "select");
        i += 1; // the closing "}"
        selectors.push(selector);
      }
      checkSelectors(name, type, selectors);
      return;
    }
    if (!["number", "date", "time", "spellout", "ordinal", "duration"].includes(type)) {
      throw new MessageError(`unknown argument type "${type}" for ${name}`);
    }
    if (text[i] === ",") {
      i += 1;
      const close = text.indexOf("}", i);
      const open = text.indexOf("{", i);
      if (close < 0 || (open >= 0 && open < close)) throw new MessageError(`bad style for argument ${name}`);
      if (text.slice(i, close).trim() === "") throw new MessageError(`empty style for argument ${name}`);
      i = close;
    }
    skipSpace();
    if (text[i] !== "}") throw new MessageError(`expected "}" to close argument ${name}`);
    i += 1;
  }

  function checkSelectors(name, type, selectors) {
    const seen = new Set();
    for (const s of selectors) {
      if (seen.has(s)) throw new MessageError(`selector "${s}" repeated in ${name}`);
      seen.add(s);
      if (type !== "select" && !/^=\d+$/.test(s) && !PLURAL_CATEGORIES[lang].includes(s) && type === "plural") {
        throw new MessageError(`"${s}" is not a plural category of ${lang} (${PLURAL_CATEGORIES[lang].join(", ")})`);
      }
    }
    if (!seen.has("other")) throw new MessageError(`${type} argument ${name} has no "other" branch`);
  }

  parseText(false, false);
  return args;
}

function checkMessages(path) {
  const messages = load(path);
  if (messages === undefined) return;
  if (!isObject(messages)) {
    report(path, "expected an object of messages");
    return;
  }
  for (const key of REQUIRED_MESSAGES) if (!(key in messages)) report(path, `missing message ${key}`);
  for (const [key, texts] of Object.entries(messages)) {
    const where = `${path} ${key}`;
    if (!/^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(key)) report(where, "key must be dotted lower_snake_case");
    checkMultilingual(where, texts);
    if (!isObject(texts)) continue;
    const names = {};
    for (const lang of LANGS) {
      if (typeof texts[lang] !== "string") continue;
      try {
        names[lang] = [...parseMessage(texts[lang], lang).keys()].sort();
      } catch (e) {
        if (!(e instanceof MessageError)) throw e;
        report(`${where}.${lang}`, `invalid ICU message: ${e.message}`);
      }
    }
    const reference = names.en;
    if (reference === undefined) continue;
    for (const lang of LANGS) {
      if (names[lang] !== undefined && names[lang].join(",") !== reference.join(",")) {
        report(`${where}.${lang}`, `arguments {${names[lang].join("}, {")}} differ from English {${reference.join("}, {")}}`);
      }
    }
  }
}

// --- files ------------------------------------------------------------------------------------
function checkActionLines() {
  const path = "data/reference/action_lines.json";
  const items = load(path);
  if (!checkArray(path, items, ACTION_LINES.length)) return;
  items.forEach((item, n) => {
    const where = `${path} [${n}]${isObject(item) && item.code ? " " + item.code : ""}`;
    if (!checkKeys(where, item, ["code", "parent", "order", "title", "short", "facilitators"])) return;
    const expectedParent = item.code?.startsWith("C7-") ? "C7" : null;
    if (item.parent !== expectedParent) report(where, `parent is ${JSON.stringify(item.parent)}, expected ${JSON.stringify(expectedParent)}`);
    if (item.order !== n + 1) report(where, `order is ${item.order}, expected ${n + 1}`);
    checkMultilingual(`${where}.title`, item.title);
    checkMultilingual(`${where}.short`, item.short);
    if (!Array.isArray(item.facilitators) || item.facilitators.length === 0) {
      report(where, "facilitators must be a non-empty array");
    } else {
      item.facilitators.forEach((f, k) => checkText(`${where}.facilitators[${k}]`, f));
      checkUnique(where, item.facilitators, "facilitator");
      if (ITU_SOLE.includes(item.code) && item.facilitators.join(",") !== "ITU") {
        report(where, "ITU is the sole facilitator of C2, C5 and C6");
      }
    }
  });
  checkSequence(path, items.map((i) => i?.code), ACTION_LINES, "codes");
}

function checkPrizeCategories() {
  const path = "data/reference/prize_categories.json";
  const items = load(path);
  if (!checkArray(path, items, PRIZE_CATEGORIES.length)) return;
  items.forEach((item, n) => {
    const where = `${path} [${n}]${isObject(item) && item.code ? " " + item.code : ""}`;
    if (!checkKeys(where, item, ["code", "action_line", "order", "title"])) return;
    if (item.action_line !== item.code) report(where, `action_line ${item.action_line} differs from code ${item.code}`);
    if (item.order !== n + 1) report(where, `order is ${item.order}, expected ${n + 1}`);
    checkMultilingual(`${where}.title`, item.title);
  });
  checkSequence(path, items.map((i) => i?.code), PRIZE_CATEGORIES, "codes");
}

function checkCodedTitles(path, expectedCodes) {
  const items = load(path);
  if (!checkArray(path, items, expectedCodes.length)) return;
  items.forEach((item, n) => {
    const where = `${path} [${n}]`;
    if (checkKeys(where, item, ["code", "title"])) checkMultilingual(`${where}.title`, item.title);
  });
  checkSequence(path, items.map((i) => i?.code), expectedCodes, "codes");
}

function checkCountries() {
  const path = "data/reference/countries.json";
  const items = load(path);
  if (!checkArray(path, items, 195)) return;
  items.forEach((item, n) => {
    const where = `${path} [${n}]${isObject(item) && item.iso3 ? " " + item.iso3 : ""}`;
    if (!checkKeys(where, item, ["iso3", "iso2", "region", "name"])) return;
    if (!/^[A-Z]{3}$/.test(item.iso3)) report(where, `bad iso3 ${item.iso3}`);
    if (!/^[A-Z]{2}$/.test(item.iso2)) report(where, `bad iso2 ${item.iso2}`);
    if (!REGIONS.includes(item.region)) report(where, `unknown region ${item.region}`);
    checkMultilingual(`${where}.name`, item.name);
  });
  const iso3 = items.map((i) => i?.iso3);
  checkUnique(path, iso3, "iso3");
  checkUnique(path, items.map((i) => i?.iso2), "iso2");
  checkSorted(path, iso3, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const region of REGIONS) {
    if (!items.some((i) => i?.region === region)) report(path, `no country in region ${region}`);
  }

  // The hand-written inputs of gen_countries.mjs must agree with its output.
  const csvPath = "data/reference/countries_regions.csv";
  let csv = "";
  try {
    csv = readFileSync(join(root, csvPath), "utf8");
  } catch (e) {
    report(csvPath, `cannot read (${e.code ?? e.message})`);
  }
  const rows = csv.trim().split(/\r?\n/).slice(1).map((l) => l.split(",").map((c) => c.trim()).join(","));
  const fromJson = items.map((i) => `${i?.iso3},${i?.iso2},${i?.region}`);
  if (csv && rows.join("\n") !== fromJson.join("\n")) {
    report(csvPath, "differs from countries.json: run node tools/reference/gen_countries.mjs");
  }
  const overridesPath = "data/reference/country_name_overrides.json";
  const overrides = load(overridesPath);
  if (isObject(overrides)) {
    const byIso3 = new Map(items.map((i) => [i?.iso3, i]));
    for (const [code, names] of Object.entries(overrides)) {
      const country = byIso3.get(code);
      if (!country) {
        report(overridesPath, `${code} is not in countries.json`);
        continue;
      }
      if (!isObject(names)) {
        report(overridesPath, `${code}: expected an object of names`);
        continue;
      }
      for (const [lang, name] of Object.entries(names)) {
        if (!LANGS.includes(lang)) report(overridesPath, `${code}: unknown language ${lang}`);
        else if (country.name?.[lang] !== name) {
          report(overridesPath, `${code}.${lang} is not applied in countries.json: run node tools/reference/gen_countries.mjs`);
        }
      }
    }
    checkSorted(overridesPath, Object.keys(overrides), (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

function checkSdg() {
  const goalsPath = "data/reference/sdg/goals.json";
  const targetsPath = "data/reference/sdg/targets.json";
  const indicatorsPath = "data/reference/sdg/indicators.json";
  const goals = load(goalsPath);
  const targets = load(targetsPath);
  const indicators = load(indicatorsPath);

  const goalNumbers = new Set();
  if (checkArray(goalsPath, goals, 17)) {
    goals.forEach((g, n) => {
      const where = `${goalsPath} [${n}]`;
      if (!checkKeys(where, g, ["number", "code", "short", "title"])) return;
      if (g.number !== n + 1) report(where, `number is ${g.number}, expected ${n + 1}`);
      if (g.code !== String(g.number)) report(where, `code ${g.code} does not match number ${g.number}`);
      goalNumbers.add(g.number);
      checkMultilingual(`${where}.short`, g.short);
      checkMultilingual(`${where}.title`, g.title);
    });
  }

  const targetCodes = new Set();
  if (checkArray(targetsPath, targets, 169)) {
    targets.forEach((t, n) => {
      const where = `${targetsPath} [${n}]${isObject(t) && t.code ? " " + t.code : ""}`;
      if (!checkKeys(where, t, ["code", "goal", "title"])) return;
      const m = /^(\d+)\.(\d+|[a-z])$/.exec(t.code);
      if (!m) report(where, `bad target code ${t.code}`);
      else if (Number(m[1]) !== t.goal) report(where, `goal ${t.goal} does not match code ${t.code}`);
      if (!goalNumbers.has(t.goal)) report(where, `unknown goal ${t.goal}`);
      targetCodes.add(t.code);
      checkMultilingual(`${where}.title`, t.title);
    });
    const codes = targets.map((t) => t?.code);
    checkUnique(targetsPath, codes, "code");
    checkSorted(targetsPath, codes, compareCodes);
  }

  if (checkArray(indicatorsPath, indicators)) {
    if (indicators.length < 231) report(indicatorsPath, `only ${indicators.length} indicators; the global framework has at least 231`);
    indicators.forEach((x, n) => {
      const where = `${indicatorsPath} [${n}]${isObject(x) && x.code ? " " + x.code : ""}`;
      if (!checkKeys(where, x, ["code", "target", "goal", "title"])) return;
      const m = /^((\d+)\.(?:\d+|[a-z]))\.(\d+)$/.exec(x.code);
      if (!m) report(where, `bad indicator code ${x.code}`);
      else if (m[1] !== x.target || Number(m[2]) !== x.goal) report(where, `target/goal do not match code ${x.code}`);
      if (!targetCodes.has(x.target)) report(where, `unknown target ${x.target}`);
      checkMultilingual(`${where}.title`, x.title);
    });
    const codes = indicators.map((x) => x?.code);
    checkUnique(indicatorsPath, codes, "code");
    checkSorted(indicatorsPath, codes, compareCodes);
  }
}

checkActionLines();
checkPrizeCategories();
checkCodedTitles("data/reference/regions.json", REGIONS);
checkCodedTitles("data/reference/stakeholder_types.json", STAKEHOLDER_TYPES);
checkCountries();
checkSdg();
checkMessages("data/messages/server.json");

if (problems.length > 0) {
  console.error(`check: ${problems.length} problem(s) in ${relative(process.cwd(), root) || "."}:`);
  for (const p of problems) console.error("  " + p);
  process.exit(1);
}
console.log("check: reference data OK (19 action lines, 18 prize categories, 6 regions, 7 stakeholder types, 195 countries, SDG goals/targets/indicators, server messages)");
