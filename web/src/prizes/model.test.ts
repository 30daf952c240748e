import { describe, expect, it } from 'vitest';
import {
  countWords, currentCycle, emptyNomination, keepReceipt, loadNominationDraft, loadReceipts, nominationBody, nominationField,
  phaseState, saveNominationDraft, validateNomination, type Cycle, type NominationForm,
} from './model';

class MemoryStore {
  data = new Map<string, string>();
  getItem(k: string) { return this.data.get(k) ?? null; }
  setItem(k: string, v: string) { this.data.set(k, v); }
  removeItem(k: string) { this.data.delete(k); }
}

function cycle(year: number, start: string): Cycle {
  const at = (days: number) => new Date(Date.parse(start) + days * 86400000).toISOString();
  return {
    id: year, year, title: `WSIS Prizes ${year}`, categories: ['C1'], current_phase: 'upcoming',
    phases: { nominations: { opens: at(0), closes: at(1) }, review: { opens: at(1), closes: at(2) },
      voting: { opens: at(2), closes: at(3) }, results: at(4) },
    rules: { rubric: [], vote_changeable: true, champions_per_category: 4, finalists_per_category: 5, publish_expert_names: true },
  };
}

describe('countWords (the server\'s rule)', () => {
  it('counts runs between spaces, Arabic included', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('  one two\tthree\nfour  ')).toBe(4);
    expect(countWords('منصة رقمية لتعليم الأطفال')).toBe(4);
    expect(countWords('منصة\u00a0رقمية')).toBe(2); // no-break space separates
    expect(countWords('e-learning, mobile-first')).toBe(2);
  });
  it('counts each Chinese, Japanese or Korean character as a word', () => {
    expect(countWords('这是一个 test')).toBe(5); // as tests/prizes asserts for the server
    expect(countWords('数字学习平台')).toBe(6);
    expect(countWords('ひらがな')).toBe(4);
    expect(countWords('中文English混合')).toBe(5);
    expect(countWords('𠀀𠀁')).toBe(2); // outside the BMP
  });
  it('ignores ideographic spaces', () => {
    expect(countWords('你好\u3000世界')).toBe(4);
  });
});

describe('phaseState', () => {
  const c = cycle(2027, '2027-01-01T00:00:00Z');
  const t = (iso: string) => Date.parse(iso);
  it('opens at `opens` included and closes at `closes` excluded', () => {
    expect(phaseState(c, 'nominations', t('2026-12-31T23:59:59Z'))).toBe('upcoming');
    expect(phaseState(c, 'nominations', t('2027-01-01T00:00:00Z'))).toBe('open');
    expect(phaseState(c, 'nominations', t('2027-01-01T23:59:59Z'))).toBe('open');
    expect(phaseState(c, 'nominations', t('2027-01-02T00:00:00Z'))).toBe('closed');
    expect(phaseState(c, 'review', t('2027-01-02T00:00:00Z'))).toBe('open');
  });
  it('results are open from their instant on', () => {
    expect(phaseState(c, 'results', t('2027-01-04T23:59:59Z'))).toBe('upcoming');
    expect(phaseState(c, 'results', t('2027-01-05T00:00:00Z'))).toBe('open');
  });
  it('the current cycle is the earliest one before its results, else the newest', () => {
    const old = cycle(2025, '2025-01-01T00:00:00Z');
    const next = cycle(2028, '2028-01-01T00:00:00Z');
    expect(currentCycle([old, c, next], t('2027-01-03T00:00:00Z'))?.year).toBe(2027);
    expect(currentCycle([old, c], t('2027-02-01T00:00:00Z'))?.year).toBe(2027);
    expect(currentCycle([], 0)).toBeNull();
  });
});

describe('the nomination form', () => {
  const valid = (): NominationForm => ({
    entry_id: '7', category: 'C1', summary: Array.from({ length: 160 }, (_, i) => `w${i}`).join(' '),
    sdg_links: [{ action_line: 'C1', goal: '4', explanation: 'Schools' }], impact: 'i', partnerships: 'p', challenges: 'c',
  });
  it('accepts 150 to 200 words and says how many there are', () => {
    expect(validateNomination(valid())).toEqual({});
    const short = { ...valid(), summary: 'one two three' };
    expect(validateNomination(short).summary).toEqual({ key: 'prizes.validate.words', values: { min: 150, max: 200, count: 3 } });
    const chinese = { ...valid(), summary: '字'.repeat(201) };
    expect(validateNomination(chinese).summary?.values?.count).toBe(201);
    expect(validateNomination({ ...valid(), summary: '字'.repeat(200) }).summary).toBeUndefined();
  });
  it('requires every part of each link and every answer', () => {
    const p = validateNomination({ ...emptyNomination() });
    expect(Object.keys(p).sort()).toEqual(['category', 'challenges', 'entry_id', 'impact', 'partnerships', 'sdg_links', 'summary']);
    const link = { ...valid(), sdg_links: [{ action_line: 'C1', goal: '', explanation: 'x' }] };
    expect(validateNomination(link).sdg_links?.key).toBe('prizes.validate.links');
    expect(validateNomination({ ...valid(), impact: 'x'.repeat(3001) }).impact?.key).toBe('validate.tooLong');
  });
  it('sends numbers as numbers and trimmed texts', () => {
    const body = nominationBody({ ...valid(), impact: '  i  ' }) as { entry_id: number; answers: { impact: string;
      sdg_links: { goal: number }[] } };
    expect(body.entry_id).toBe(7);
    expect(body.answers.impact).toBe('i');
    expect(body.answers.sdg_links[0].goal).toBe(4);
  });
  it('maps the server\'s error paths to fields', () => {
    expect(nominationField('answers/summary')).toBe('summary');
    expect(nominationField('answers/sdg_links/0/goal')).toBe('sdg_links');
    expect(nominationField('entry_id')).toBe('entry_id');
    expect(nominationField('category')).toBe('category');
    expect(nominationField('answers/extra')).toBe('form');
  });
  it('keeps a draft and survives a broken one', () => {
    const store = new MemoryStore();
    saveNominationDraft(store, 'k', valid());
    expect(loadNominationDraft(store, 'k')).toEqual(valid());
    store.setItem('k', '{not json');
    expect(loadNominationDraft(store, 'k')).toBeNull();
  });
});

describe('receipts', () => {
  it('keeps the latest receipt per category', () => {
    const store = new MemoryStore();
    keepReceipt(store, 1, { receipt: 'a', seq: 1, category: 'C1', nomination_id: 3, changed: false });
    keepReceipt(store, 1, { receipt: 'b', seq: 2, category: 'C2', nomination_id: 4, changed: false });
    keepReceipt(store, 1, { receipt: 'c', seq: 3, category: 'C1', nomination_id: 5, changed: true });
    expect(Object.values(loadReceipts(store, 1)).map((r) => r.receipt).sort()).toEqual(['b', 'c']);
    expect(loadReceipts(store, 2)).toEqual({});
  });
});
