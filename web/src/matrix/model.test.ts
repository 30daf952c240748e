import { describe, expect, it } from 'vitest';
import {
  COUNT_SCALE, DIFFERENCE_LOOK, LIFT_SCALE, NO_DATA, REFERENCE_LOOK, cellLook, contrast, countStep, filterQuery,
  guidanceByCell, moveInGrid, period, searchPathFromApi, stateFromUrl, urlFromState, type EvidenceCell, type GuidanceItem,
} from './model';

const cell = (over: Partial<EvidenceCell> = {}): EvidenceCell => ({
  action_line: 'C1', goal: 4, reference: false, reference_scope: null, entries: 0, organisations: 0, countries: 0,
  share: null, lift: null, lift_low: null, lift_high: null, trend: {}, ...over,
});
const format = (n: number, digits = 0) => n.toFixed(digits);
const item = (kind: GuidanceItem['kind'], goal: number, target: string | null = null): GuidanceItem => ({
  action_line: 'C7-e-learning', goal, target, kind, reason: kind === 'weak_link' ? 'few_entries' : 'strong_evidence',
  evidence: { entries: 1, organisations: 1, countries: 1, share: null, lift: null, lift_low: null, lift_high: null },
  entries: { count: 1, href: '' }, decision: null,
});

describe('colour scales', () => {
  it('keep 4.5:1 contrast between every background and its text', () => {
    const pairs = [...COUNT_SCALE, ...LIFT_SCALE, NO_DATA, ...Object.values(REFERENCE_LOOK), ...Object.values(DIFFERENCE_LOOK)];
    for (const p of pairs) expect(contrast(p.background, p.ink), p.background).toBeGreaterThanOrEqual(4.5);
  });
  it('counts: none is step 0, the maximum the darkest, steps grow with the count', () => {
    expect(countStep(0, 50)).toBe(0);
    expect(countStep(1, 50)).toBeGreaterThanOrEqual(1);
    expect(countStep(50, 50)).toBe(COUNT_SCALE.length - 1);
    const steps = [1, 2, 5, 10, 25, 50].map((v) => countStep(v, 50));
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });
});

describe('cellLook', () => {
  it('shows the reference scope as a symbol, not only a colour', () => {
    const base = { measure: 'entries' as const, maxEntries: 10, format };
    expect(cellLook({ ...base, view: 'reference', cell: cell({ reference: true, reference_scope: 'goal' }) }).text).toBe('●');
    expect(cellLook({ ...base, view: 'reference', cell: cell({ reference: true, reference_scope: 'target' }) }).text).toBe('◐');
    expect(cellLook({ ...base, view: 'reference', cell: cell() }).level).toBe('reference-none');
  });
  it('shows counts and lift as numbers; an unknown lift as a dash', () => {
    const base = { view: 'evidence' as const, maxEntries: 10, format };
    expect(cellLook({ ...base, measure: 'entries', cell: cell({ entries: 7 }) }).text).toBe('7');
    const lifted = cellLook({ ...base, measure: 'lift', cell: cell({ entries: 7, lift: 2.345 }) });
    expect(lifted.text).toBe('2.3');
    expect(lifted.level).toBe('lift-much-higher');
    expect(cellLook({ ...base, measure: 'lift', cell: cell({ entries: 1, lift: 0.3 }) }).level).toBe('lift-much-lower');
    expect(cellLook({ ...base, measure: 'lift', cell: cell({ entries: 3, lift: 1 }) }).level).toBe('lift-neutral');
    expect(cellLook({ ...base, measure: 'lift', cell: cell() }).text).toBe('–');
    expect(cellLook({ ...base, measure: 'lift', cell: cell({ lift: 0 }) }).level).toBe('no-entries');
  });
  it('difference: weak and missing counts with their signs', () => {
    const base = { view: 'difference' as const, measure: 'entries' as const, maxEntries: 10, format };
    expect(cellLook({ ...base, cell: cell({ reference: true }), guidance: { weak: 2, missing: 0 } }).text).toBe('−2');
    expect(cellLook({ ...base, cell: cell(), guidance: { weak: 0, missing: 1 } }).level).toBe('difference-missing');
    expect(cellLook({ ...base, cell: cell(), guidance: { weak: 1, missing: 1 } }).text).toBe('−1 +1');
    expect(cellLook({ ...base, cell: cell({ reference: true }) }).text).toBe('✓');
    expect(cellLook({ ...base, cell: cell() }).level).toBe('difference-none');
  });
});

describe('guidanceByCell', () => {
  it('counts target items under their goal', () => {
    const map = guidanceByCell([item('weak_link', 4), item('weak_link', 4, '4.1'), item('missing_link', 5, '5.b')]);
    expect(map.get('C7-e-learning|4')).toEqual({ weak: 2, missing: 0 });
    expect(map.get('C7-e-learning|5')).toEqual({ weak: 0, missing: 1 });
    expect(map.has('C7-e-learning|6')).toBe(false);
  });
});

describe('keyboard moves in the grid', () => {
  it('arrows move and stop at the edges; right goes back in Arabic', () => {
    expect(moveInGrid('ArrowRight', 0, 0, 3, 3, false)).toEqual([0, 1]);
    expect(moveInGrid('ArrowRight', 0, 0, 3, 3, true)).toEqual([0, 0]);
    expect(moveInGrid('ArrowLeft', 0, 0, 3, 3, true)).toEqual([0, 1]);
    expect(moveInGrid('ArrowDown', 2, 1, 3, 3, false)).toEqual([2, 1]);
    expect(moveInGrid('End', 1, 0, 3, 3, false)).toEqual([1, 2]);
    expect(moveInGrid('Enter', 1, 0, 3, 3, false)).toBeNull();
  });
});

describe('addresses', () => {
  it('the page state survives a round trip through the address', () => {
    const state = { view: 'evidence' as const, measure: 'lift' as const, region: 'africa', year: '2024',
      cell: { actionLine: 'C7-e-learning', goal: 4 } };
    expect(stateFromUrl(new URLSearchParams(urlFromState(state)))).toEqual(state);
    expect(urlFromState(stateFromUrl(new URLSearchParams('view=bogus&year=20x4')))).toBe('');
  });
  it('builds filters and search paths', () => {
    expect(filterQuery({ region: 'africa', year: '' }, { action_line: 'C1', sdg: '4' }))
      .toBe('?action_line=C1&sdg=4&region=africa');
    expect(searchPathFromApi('/api/v1/entries?action_line=C1&target=3.8&limit=20')).toBe('search?action_line=C1&target=3.8');
  });
  it('a period from two years in any order', () => {
    expect(period('2021', '2025')).toBe('2021-2025');
    expect(period('2025', '2021')).toBe('2021-2025');
    expect(period('2024', '2024')).toBe('2024');
    expect(period('', '2023')).toBe('2023');
    expect(period('', '')).toBe('');
  });
});
