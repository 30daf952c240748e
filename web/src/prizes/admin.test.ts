// The administrators', moderators' and experts' logic (admin.ts): the cycle form, fraud
// signals, the pick's champions.
import { describe, expect, it } from 'vitest';
import {
  CYCLE_INSTANTS, championsAfterPick, cycleBody, cycleField, emptyCycleForm, fromCycle, fromUtcInput, newestFirst, reviewVerdict,
  signalSubject, toUtcInput, validateCycle, type CycleForm,
} from './admin';
import type { Cycle } from './model';

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
  it('checks the rubric as the server does: named criteria, once each, scored up to 1 to 100', () => {
    const form = filled();
    form.rubric = [{ key: ' impact ', max: '10' }, { key: 'impact', max: '0' }, { key: '', max: '101' },
      { key: 'x'.repeat(41), max: '7.5' }, { key: 'Gender inclusion', max: '100' }];
    const p = validateCycle(form);
    expect(Object.keys(p).sort()).toEqual(['rules/rubric/1/key', 'rules/rubric/1/max', 'rules/rubric/2/key',
      'rules/rubric/2/max', 'rules/rubric/3/key', 'rules/rubric/3/max']);
    expect(p['rules/rubric/1/key']?.key).toBe('prizes.validate.rubricTwice');
    expect(p['rules/rubric/3/key']).toEqual({ key: 'validate.tooLong', values: { max: 40 } });
    expect(p['rules/rubric/1/max']).toEqual({ key: 'validate.range', values: { min: 1, max: 100 } });
    form.rubric = [];
    expect(validateCycle(form)['rules/rubric']?.key).toBe('prizes.validate.rubricEmpty');
    form.rubric = Array.from({ length: 13 }, (_, i) => ({ key: `c${i}`, max: '5' }));
    expect(validateCycle(form)['rules/rubric']).toEqual({ key: 'prizes.validate.rubricTooMany', values: { max: 12 } });
  });
  it('sends the rubric trimmed, its scores as numbers', () => {
    const form = filled();
    form.rubric = [{ key: ' Gender inclusion ', max: '20' }];
    expect((cycleBody(form) as { rules: { rubric: unknown } }).rules.rubric).toEqual([{ key: 'Gender inclusion', max: 20 }]);
  });
});

describe('cycleBody and cycleField', () => {
  it('sends numbers and UTC instants, and the default rubric for a new cycle', () => {
    const body = cycleBody(filled()) as Record<string, any>;
    expect(body.year).toBe(2030);
    expect(body.categories).toEqual(['C1', 'C3']);
    expect(body.phases.voting).toEqual({ opens: '2030-03-01T00:00:00Z', closes: '2030-04-01T12:30:15Z' });
    expect(body.rules.finalists_per_category).toBe(5);
    expect(body.rules.rubric).toEqual([{ key: 'impact', max: 10 }, { key: 'innovation', max: 10 },
      { key: 'sustainability', max: 10 }, { key: 'replicability', max: 10 }]);
  });
  it('maps server paths to form fields', () => {
    expect(cycleField('categories/3')).toBe('categories');
    expect(cycleField('phases/review/opens')).toBe('phases/review/opens');
    expect(cycleField('phases/results')).toBe('phases/results');
    expect(cycleField('rules/rubric/0/key')).toBe('rules/rubric/0/key');
    expect(cycleField('rules/rubric/11/max')).toBe('rules/rubric/11/max');
    expect(cycleField('rules/rubric/2')).toBe('rules/rubric');
    expect(cycleField('rules/rubric')).toBe('rules/rubric');
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

describe('reviewVerdict (the shortlist\'s rule)', () => {
  const r = (...eligible: boolean[]) => eligible.map((e) => ({ eligible: e }));
  it('shortlists a submitted nomination a majority of its reviews find eligible', () => {
    expect(reviewVerdict(r(true), true)).toEqual({ count: 1, eligible: 1, shortlisted: true });
    expect(reviewVerdict(r(true, true, false), true).shortlisted).toBe(true);
  });
  it('not on a tie, without reviews, or once withdrawn', () => {
    expect(reviewVerdict(r(true, false), true)).toEqual({ count: 2, eligible: 1, shortlisted: false });
    expect(reviewVerdict([], true).shortlisted).toBe(false);
    expect(reviewVerdict(r(true), false).shortlisted).toBe(false);
  });
});
