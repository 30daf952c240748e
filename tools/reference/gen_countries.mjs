#!/usr/bin/env node
// Builds data/reference/countries.json from the hand-written list of countries and their
// ITU-D regions (data/reference/countries_regions.csv) and the country names of Unicode CLDR
// as shipped in Node's ICU (Intl.DisplayNames), then applies the official UN short names
// kept in data/reference/country_name_overrides.json where CLDR's everyday name differs.
//
// Usage: node tools/reference/gen_countries.mjs [--check]
//   --check: write nothing; exit 1 when countries.json differs from what would be written.
//
// CLDR names depend on the ICU version of the Node that runs this script, so the output is
// committed and the script is only rerun on purpose; the ICU and CLDR versions used are
// printed so that a diff can be explained.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const LANGS = ["ar", "en", "es", "fr", "ru", "zh"];
const REGIONS = ["africa", "americas", "arab-states", "asia-pacific", "cis", "europe"];

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dataDir = join(repo, "data", "reference");

function fail(message) {
  console.error(`gen_countries: ${message}`);
  process.exit(1);
}

function readRows() {
  const lines = readFileSync(join(dataDir, "countries_regions.csv"), "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "");
  if (lines[0] !== "iso3,iso2,region") fail("countries_regions.csv: unexpected header");
  const rows = [];
  const seen3 = new Set();
  const seen2 = new Set();
  for (const [i, line] of lines.slice(1).entries()) {
    const cells = line.split(",");
    const where = `countries_regions.csv line ${i + 2}`;
    if (cells.length !== 3) fail(`${where}: expected 3 cells`);
    const [iso3, iso2, region] = cells.map((c) => c.trim());
    if (!/^[A-Z]{3}$/.test(iso3)) fail(`${where}: bad iso3 ${iso3}`);
    if (!/^[A-Z]{2}$/.test(iso2)) fail(`${where}: bad iso2 ${iso2}`);
    if (!REGIONS.includes(region)) fail(`${where}: unknown region ${region}`);
    if (seen3.has(iso3) || seen2.has(iso2)) fail(`${where}: duplicate ${iso3}/${iso2}`);
    seen3.add(iso3);
    seen2.add(iso2);
    rows.push({ iso3, iso2, region });
  }
  rows.sort((a, b) => (a.iso3 < b.iso3 ? -1 : a.iso3 > b.iso3 ? 1 : 0));
  return rows;
}

function readOverrides(rows) {
  const overrides = JSON.parse(readFileSync(join(dataDir, "country_name_overrides.json"), "utf8"));
  const known = new Set(rows.map((r) => r.iso3));
  for (const [iso3, names] of Object.entries(overrides)) {
    if (!known.has(iso3)) fail(`country_name_overrides.json: ${iso3} is not in the country list`);
    for (const [lang, name] of Object.entries(names)) {
      if (!LANGS.includes(lang)) fail(`country_name_overrides.json: ${iso3}: unknown language ${lang}`);
      if (typeof name !== "string" || name.trim() === "") fail(`country_name_overrides.json: ${iso3}.${lang} is empty`);
    }
  }
  return overrides;
}

function build() {
  const rows = readRows();
  const overrides = readOverrides(rows);
  const displayNames = Object.fromEntries(
    LANGS.map((lang) => [lang, new Intl.DisplayNames([lang], { type: "region", fallback: "none" })]),
  );
  return rows.map(({ iso3, iso2, region }) => {
    const name = {};
    for (const lang of LANGS) {
      const override = overrides[iso3]?.[lang];
      const cldr = displayNames[lang].of(iso2);
      if (override === undefined && (cldr === undefined || cldr === iso2)) {
        fail(`no ${lang} name for ${iso3} (${iso2}) in this Node's CLDR data; add an override`);
      }
      name[lang] = (override ?? cldr).normalize("NFC");
    }
    return { iso3, iso2, region, name };
  });
}

const json = JSON.stringify(build(), null, 2) + "\n";
const outPath = join(dataDir, "countries.json");
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(outPath, "utf8");
  } catch {
    // A missing file is reported as a difference below.
  }
  if (current !== json) fail(`countries.json is out of date (ICU ${process.versions.icu}, CLDR ${process.versions.cldr})`);
  console.log("gen_countries: countries.json is up to date");
} else {
  writeFileSync(outPath, json);
  console.log(
    `gen_countries: ${JSON.parse(json).length} countries written (ICU ${process.versions.icu}, CLDR ${process.versions.cldr})`,
  );
}
