import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { LANGS, Translator, negotiate, langFromPath, type Messages } from './index';
import sameAsEnglish from './same-as-english.json';

const dir = new URL('.', import.meta.url).pathname;
// A language's messages: the main file and the prizes pages' (loaded apart, prizes-<lang>.json,
// and prizes-admin-<lang>.json for the administrators', moderators' and experts' pages).
const load = (lang: string): Messages => ({
  ...JSON.parse(readFileSync(join(dir, `${lang}.json`), 'utf8')),
  ...JSON.parse(readFileSync(join(dir, `prizes-${lang}.json`), 'utf8')),
  ...JSON.parse(readFileSync(join(dir, `prizes-admin-${lang}.json`), 'utf8')),
});
const en = load('en');

/** Argument names and, per plural argument, the plural forms a message uses. */
function shape(elements: MessageFormatElement[], args = new Set<string>(), plurals: { name: string; forms: string[] }[] = []) {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date) args.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      args.add(e.value);
      if (e.type === TYPE.plural) plurals.push({ name: e.value, forms: Object.keys(e.options) });
      for (const option of Object.values(e.options)) shape(option.value, args, plurals);
    }
  }
  return { args, plurals };
}

describe('message files', () => {
  for (const lang of LANGS) {
    const messages = load(lang);
    it(`${lang} has exactly the English keys`, () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
    });
    it(`${lang} messages parse, use the English arguments and every plural form of ${lang}`, () => {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const [key, text] of Object.entries(messages)) {
        expect(text.trim(), key).not.toBe('');
        const mine = shape(parse(text));
        const english = shape(parse(en[key]));
        expect([...mine.args].sort(), key).toEqual([...english.args].sort());
        for (const plural of mine.plurals)
          for (const category of categories) expect(plural.forms, `${key}: ${category}`).toContain(category);
      }
    });
    if (lang !== 'en') {
      it(`${lang} leaves no English text (except the listed same words)`, () => {
        const allowed = new Set((sameAsEnglish as unknown as Record<string, string[]>)[lang]);
        const same = Object.keys(en).filter((k) => messages[k] === en[k]);
        expect(same.filter((k) => !allowed.has(k)), 'untranslated').toEqual([]);
        expect([...allowed].filter((k) => messages[k] !== en[k]), 'stale entries in same-as-english.json').toEqual([]);
      });
    }
  }

  it('Arabic has six plural forms and uses them', () => {
    expect(new Intl.PluralRules('ar').resolvedOptions().pluralCategories.length).toBe(6);
    const tr = new Translator('ar', load('ar'));
    const forms = [0, 1, 2, 3, 11, 100].map((n) => tr.t('search.count', { count: n }));
    expect(new Set(forms).size).toBe(6);
  });

  it('every message key the code uses exists', () => {
    const src = join(dir, '..');
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d).forEach((f) => {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(f) && !f.endsWith('.test.ts')) files.push(p);
    });
    walk(src);
    const used = new Set<string>();
    for (const file of files)
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z_.]+)'/g)) used.add(m[1]);
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });
});

describe('language choice', () => {
  it('takes the language from the path first', () => {
    expect(langFromPath('/ar/search')).toBe('ar');
    expect(langFromPath('/de/search')).toBeNull();
    expect(langFromPath('/')).toBeNull();
  });
  it('then the browser languages, by their base', () => {
    expect(negotiate(['de-DE', 'fr-CA', 'en'])).toBe('fr');
    expect(negotiate(['zh-Hans-CN'])).toBe('zh');
    expect(negotiate(['de'])).toBe('en');
  });
  it('formats numbers per locale', () => {
    expect(new Translator('fr', en).number(1234567)).toMatch(/1\s?234\s?567/);
    expect(new Translator('en', en).t('search.count', { count: 1 })).toBe('1 entry');
  });
});
