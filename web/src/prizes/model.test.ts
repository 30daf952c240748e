import { describe, expect, it } from 'vitest';
import {
  CYCLE_INSTANTS, championsAfterPick, countWords, currentCycle, cycleBody, cycleField, emptyCycleForm, emptyNomination,
  fromCycle, fromUtcInput, keepReceipt, keepReview, loadNominationDraft, loadReceipts, loadReviews, newestFirst, nominationBody,
  nominationField, phaseState, saveNominationDraft, signalSubject, toUtcInput, validateCycle, validateNomination, type Cycle,
  type CycleForm, type NominationForm, type Review,
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

// --- The administrators' and experts' pages ---------------------------------------------------------

function filled(): CycleForm {
  const form = emptyCycleForm(2030, ['C1', 'C3']);
  const values = ['2030-01-01T00:00', '2030-02-01T00:00', '2030-02-01T00:00', '2030-03-01T00:00', '2030-03-01T00:00',
    '2030-04-01T12:30:15', '2030-04-02T00:00'];
  CYCLE_INSTANTS.forEach((k, i) => (form.instants[k] = values[i]));
  return form;
}

const configured: Cycle = {
  id: 7, year: 2030, title: 'WSIS Prizes 2030', categories: ['C3'], current_phase: 'upcoming',
  phases: { nominations: { opens: '2030-01-01T00:00:00Z', closes: '2030-02-01T00:00:00Z' },
    review: { opens: '2030-02-01T00:00:00Z', closes: '2030-03-01T00:00:00Z' },
    voting: { opens: '2030-03-01T00:00:00Z', closes: '2030-04-01T12:30:15Z' }, results: '2030-04-02T00:00:00Z' },
  rules: { rubric: [{ key: 'impact', max: 5 }], vote_changeable: false, champions_per_category: 2, finalists_per_category: 3,
    publish_expert_names: false, entries_per_organisation_per_category: 2, one_category_per_project: false,
    past_winners_ineligible: true, tie_break: 'seeded_draw', votes_per_account_per_minute: 30, votes_per_network_per_minute: 900 },
};

describe('UTC instants in datetime-local fields', () => {
  it('reads and writes UTC, seconds kept only when set', () => {
    expect(toUtcInput('2030-03-01T00:00:00Z')).toBe('2030-03-01T00:00');
    expect(toUtcInput('2030-03-01T23:59:07Z')).toBe('2030-03-01T23:59:07');
    expect(toUtcInput('not a date')).toBe('');
    expect(fromUtcInput('2030-03-01T00:00')).toBe('2030-03-01T00:00:00Z');
    expect(fromUtcInput('2030-03-01T23:59:07')).toBe('2030-03-01T23:59:07Z');
    expect(fromUtcInput('2030-03-01T23:59:07.250')).toBe('2030-03-01T23:59:07Z');
  });
  it('refuses what is not a real date and time', () => {
    expect(fromUtcInput('')).toBeNull();
    expect(fromUtcInput('2030-02-30T00:00')).toBeNull();
    expect(fromUtcInput('2030-02-01T24:00')).toBeNull();
    expect(fromUtcInput('2030-02-01 10:00')).toBeNull();
    expect(fromUtcInput('2028-02-29T10:00')).toBe('2028-02-29T10:00:00Z');
  });
  it('round-trips a cycle', () => {
    const form = fromCycle(configured);
    for (const k of CYCLE_INSTANTS) expect(fromUtcInput(form.instants[k])).not.toBeNull();
    const body = cycleBody(form) as { phases: Cycle['phases']; rules: Record<string, unknown> };
    expect(body.phases).toEqual(configured.phases);
    expect(body.rules).toEqual(configured.rules);
  });
});

describe('validateCycle (the server\'s checks)', () => {
  it('accepts a complete cycle, phases touching', () => {
    expect(validateCycle(filled())).toEqual({});
  });
  it('wants every instant, each window closing after it opens, phases in order', () => {
    const form = filled();
    form.instants['phases/nominations/opens'] = '';
    form.instants['phases/review/closes'] = '2030-02-01T00:00'; // = its opening
    form.instants['phases/voting/opens'] = '2030-01-15T00:00'; // before the review closes
    form.instants['phases/results'] = '2030-13-01T00:00';
    const p = validateCycle(form);
    expect(p['phases/nominations/opens']?.key).toBe('validate.required');
    expect(p['phases/review/closes']?.key).toBe('prizes.validate.closesAfter');
    expect(p['phases/voting/opens']?.key).toBe('prizes.validate.opensAfter');
    expect(p['phases/results']?.key).toBe('prizes.validate.instant');
  });
  it('checks the year, title, categories and the rules\' ranges', () => {
    const form = filled();
    form.year = '1999';
    form.title = ' ';
    form.categories = [];
    form.rules.finalists_per_category = '3';
    form.rules.champions_per_category = '3';
    form.rules.votes_per_account_per_minute = '1.5';
    const p = validateCycle(form);
    expect(Object.keys(p).sort()).toEqual(['categories', 'rules/champions_per_category', 'rules/votes_per_account_per_minute',
      'title', 'year']);
    expect(p['rules/champions_per_category']).toEqual({ key: 'validate.range', values: { min: 0, max: 2 } });
  });
});

describe('cycleBody and cycleField', () => {
  it('sends numbers and UTC instants, and no rubric for a new cycle (the server\'s default)', () => {
    const body = cycleBody(filled()) as Record<string, any>;
    expect(body.year).toBe(2030);
    expect(body.categories).toEqual(['C1', 'C3']);
    expect(body.phases.voting).toEqual({ opens: '2030-03-01T00:00:00Z', closes: '2030-04-01T12:30:15Z' });
    expect(body.rules.finalists_per_category).toBe(5);
    expect('rubric' in body.rules).toBe(false);
  });
  it('maps server paths to form fields', () => {
    expect(cycleField('categories/3')).toBe('categories');
    expect(cycleField('phases/review/opens')).toBe('phases/review/opens');
    expect(cycleField('phases/results')).toBe('phases/results');
    expect(cycleField('rules/rubric/0/key')).toBe('rules/rubric');
    expect(cycleField('rules/champions_per_category')).toBe('rules/champions_per_category');
    expect(cycleField('phases/other/opens')).toBe('form');
    expect(cycleField('')).toBe('form');
  });
});

describe('fraud signals and the pick', () => {
  it('reads a signal\'s subject', () => {
    expect(signalSubject('account:12')).toEqual({ kind: 'account', value: '12' });
    expect(signalSubject('network:2001:db8::/48')).toEqual({ kind: 'network', value: '2001:db8::/48' });
    expect(signalSubject('something')).toEqual({ kind: 'other', value: 'something' });
  });
  it('lists the newest first', () => {
    const items = [{ id: 1, at: '2030-03-01T00:00:00Z' }, { id: 2, at: '2030-03-02T00:00:00Z' }, { id: 3, at: '2030-03-02T00:00:00Z' }];
    expect(newestFirst(items).map((i) => i.id)).toEqual([3, 2, 1]);
  });
  it('says how many other finalists become champions', () => {
    expect(championsAfterPick(5, 4)).toEqual({ others: 4, champions: 4, all: true });
    expect(championsAfterPick(3, 4)).toEqual({ others: 2, champions: 2, all: true });
    expect(championsAfterPick(5, 2)).toEqual({ others: 4, champions: 2, all: false });
    expect(championsAfterPick(1, 4)).toEqual({ others: 0, champions: 0, all: true });
  });
});

describe('reviews kept on this browser', () => {
  const review: Review = { nomination_id: 4, scores: { impact: 8 }, total: 8, eligible: true, reason: 'Good', at: '2030-02-10T00:00:00Z' };
  it('keeps one per nomination, per cycle and account, and forgets one', () => {
    const store = new MemoryStore();
    keepReview(store, 7, 1, 4, review);
    expect(loadReviews(store, 7, 1)['4']).toEqual(review);
    expect(loadReviews(store, 7, 2)).toEqual({});
    expect(loadReviews(store, 8, 1)).toEqual({});
    expect(keepReview(store, 7, 1, 4, null)).toEqual({});
    expect(loadReviews(store, 7, 1)).toEqual({});
  });
  it('survives damaged or blocked storage', () => {
    const store = new MemoryStore();
    store.setItem('wsis-reviews:7:1', '[1, 2');
    expect(loadReviews(store, 7, 1)).toEqual({});
    store.setItem('wsis-reviews:7:1', '[1, 2]');
    expect(loadReviews(store, 7, 1)).toEqual({});
    const blocked = { getItem: () => null, setItem: () => { throw new Error('quota'); }, removeItem: () => undefined };
    expect(keepReview(blocked, 7, 1, 4, review)['4']).toEqual(review);
  });
});
