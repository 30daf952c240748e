// The WSIS–SDG Matrix in the browser: the API's shapes, the heatmap's colour scales and cell
// texts (never colour alone: every cell also shows a symbol or a number), guidance counted per
// cell, and the addresses the page builds. Pure functions, tested in model.test.ts.

export interface EvidenceCell {
  action_line: string;
  goal: number;
  target?: string;
  reference: boolean;
  reference_scope: 'goal' | 'target' | null;
  entries: number;
  organisations: number;
  countries: number;
  share: number | null;
  lift: number | null;
  lift_low: number | null;
  lift_high: number | null;
  trend: Record<string, number>;
}
export interface Evidence {
  level: 'goal' | 'target';
  total: number;
  confidence: number;
  reference_version: number;
  rows: { action_line: string; entries: number }[];
  columns: { goal: number; target?: string; entries: number }[];
  cells: EvidenceCell[];
}
export interface LiftNumbers {
  entries: number;
  organisations: number;
  countries: number;
  share: number | null;
  lift: number | null;
  lift_low: number | null;
  lift_high: number | null;
}
export interface GuidanceItem {
  action_line: string;
  goal: number;
  target: string | null;
  kind: 'weak_link' | 'missing_link';
  reason: 'few_entries' | 'low_lift' | 'strong_evidence';
  evidence: LiftNumbers;
  entries: { count: number; href: string };
  decision: { decision: 'accepted' | 'rejected'; comment: string; actor_id: number | null; at: string } | null;
}
export interface Guidance {
  reference_version: number;
  thresholds: { weak_below_entries: number; strong_min_entries: number; strong_min_lift: number };
  items: GuidanceItem[];
}
export interface MatrixLink {
  id?: number;
  action_line: string;
  goal: number;
  target: string | null;
  rationale: string;
  source: string;
  source_date: string | null;
  entered_by: number | null;
  entered_at: string;
}
export interface VersionSummary {
  number: number;
  published_at: string;
  published_by: number | null;
  note: string;
  link_count: number;
}
export interface DraftEdit {
  id: number;
  op: 'add' | 'remove';
  action_line: string;
  goal: number;
  target: string | null;
  comment: string;
  actor_id: number | null;
  at: string;
}
export interface Draft {
  links: MatrixLink[];
  edits: DraftEdit[];
}
export interface Comparison {
  from: number;
  to: number;
  added: MatrixLink[];
  removed: MatrixLink[];
}

export type View = 'reference' | 'evidence' | 'difference';
export type Measure = 'entries' | 'lift';
export const VIEWS: View[] = ['reference', 'evidence', 'difference'];

/** What a cell shows: its background, a text colour readable on it, the visible text and the level for the legend. */
export interface CellLook {
  background: string;
  ink: string;
  text: string;
  level: string;
}

const DARK = '#1a1a1a';
const LIGHT = '#ffffff';

// Sequential blues for counts; each with the text colour that keeps 4.5:1 contrast.
export const COUNT_SCALE: { background: string; ink: string }[] = [
  { background: '#f4f6f8', ink: DARK },
  { background: '#c6dbef', ink: DARK },
  { background: '#6baed6', ink: DARK },
  { background: '#2171b5', ink: LIGHT },
  { background: '#08306b', ink: LIGHT },
];
// Diverging for lift: below independence in oranges, above in blues, around 1 neutral.
export const LIFT_SCALE: { upTo: number; background: string; ink: string; level: string }[] = [
  { upTo: 0.5, background: '#a63603', ink: LIGHT, level: 'lift-much-lower' },
  { upTo: 0.8, background: '#fdae6b', ink: DARK, level: 'lift-lower' },
  { upTo: 1.25, background: '#f4f6f8', ink: DARK, level: 'lift-neutral' },
  { upTo: 2, background: '#9ecae1', ink: DARK, level: 'lift-higher' },
  { upTo: Infinity, background: '#08519c', ink: LIGHT, level: 'lift-much-higher' },
];
export const NO_DATA = { background: '#ffffff', ink: '#4a5562' };
export const REFERENCE_LOOK = {
  goal: { background: '#00558c', ink: LIGHT, text: '●' },
  target: { background: '#9cc3e0', ink: DARK, text: '◐' },
  none: { background: '#ffffff', ink: DARK, text: '' },
};
export const DIFFERENCE_LOOK = {
  weak: { background: '#fdae6b', ink: DARK },
  missing: { background: '#2171b5', ink: LIGHT },
  both: { background: '#6a51a3', ink: LIGHT },
  agree: { background: '#e5f5e0', ink: DARK },
  none: { background: '#ffffff', ink: DARK },
};

/** The step of a count on a log scale up to the grid's largest count: 0 for none, 1..4 above. */
export function countStep(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  const steps = COUNT_SCALE.length - 1;
  return Math.max(1, Math.min(steps, Math.ceil((Math.log1p(value) / Math.log1p(max)) * steps)));
}

export function liftStep(lift: number) {
  return LIFT_SCALE.find((s) => lift < s.upTo) ?? LIFT_SCALE[LIFT_SCALE.length - 1];
}

/** Guidance items per heatmap cell (`C7-e-learning|4`), a target's items counting for its goal. */
export function guidanceByCell(items: GuidanceItem[]): Map<string, { weak: number; missing: number }> {
  const out = new Map<string, { weak: number; missing: number }>();
  for (const item of items) {
    const key = cellKey(item.action_line, item.goal);
    const counts = out.get(key) ?? { weak: 0, missing: 0 };
    if (item.kind === 'weak_link') counts.weak++;
    else counts.missing++;
    out.set(key, counts);
  }
  return out;
}

export const cellKey = (actionLine: string, goal: number) => `${actionLine}|${goal}`;

export interface LookInput {
  view: View;
  measure: Measure;
  cell: EvidenceCell;
  maxEntries: number;
  guidance?: { weak: number; missing: number };
  format(n: number, digits?: number): string;
}

/** The colour and the visible text of one cell in one view. */
export function cellLook({ view, measure, cell, maxEntries, guidance, format }: LookInput): CellLook {
  if (view === 'reference') {
    const scope = cell.reference ? cell.reference_scope ?? 'goal' : 'none';
    return { ...REFERENCE_LOOK[scope], level: `reference-${scope}` };
  }
  if (view === 'difference') {
    const weak = guidance?.weak ?? 0;
    const missing = guidance?.missing ?? 0;
    const parts = [weak ? `−${format(weak)}` : '', missing ? `+${format(missing)}` : ''].filter(Boolean);
    const kind = weak && missing ? 'both' : weak ? 'weak' : missing ? 'missing' : cell.reference ? 'agree' : 'none';
    return { ...DIFFERENCE_LOOK[kind], text: parts.length ? parts.join(' ') : cell.reference ? '✓' : '', level: `difference-${kind}` };
  }
  if (measure === 'lift') {
    if (cell.lift === null) return { ...NO_DATA, text: '–', level: 'no-data' };
    // No entry in a line with entries gives a lift of 0: true, but its interval says little, so
    // it is not painted as strong evidence against the link.
    if (cell.entries === 0) return { ...NO_DATA, text: format(cell.lift, 1), level: 'no-entries' };
    const step = liftStep(cell.lift);
    return { background: step.background, ink: step.ink, text: format(cell.lift, 1), level: step.level };
  }
  const step = countStep(cell.entries, maxEntries);
  return { ...COUNT_SCALE[step], text: format(cell.entries), level: `count-${step}` };
}

/** WCAG relative luminance contrast of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The next cell for an arrow key in a grid of rows × columns (Home/End to the row's ends); null for other keys. */
export function moveInGrid(key: string, row: number, col: number, rows: number, cols: number, rtl: boolean):
  [number, number] | null {
  const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
  const back = rtl ? 'ArrowRight' : 'ArrowLeft';
  switch (key) {
    case 'ArrowUp': return [Math.max(0, row - 1), col];
    case 'ArrowDown': return [Math.min(rows - 1, row + 1), col];
    case forward: return [row, Math.min(cols - 1, col + 1)];
    case back: return [row, Math.max(0, col - 1)];
    case 'Home': return [row, 0];
    case 'End': return [row, cols - 1];
    default: return null;
  }
}

/** The matrix page's state in its address: view, measure, filters and the open cell. */
export interface MatrixState {
  view: View;
  measure: Measure;
  region: string;
  year: string;
  cell: { actionLine: string; goal: number } | null;
}

export function stateFromUrl(params: URLSearchParams): MatrixState {
  const view = params.get('view');
  const cell = params.get('cell')?.match(/^(.+):(\d{1,2})$/);
  return {
    view: VIEWS.includes(view as View) ? (view as View) : 'reference',
    measure: params.get('measure') === 'lift' ? 'lift' : 'entries',
    region: params.get('region') ?? '',
    year: /^\d{4}$/.test(params.get('year') ?? '') ? (params.get('year') as string) : '',
    cell: cell ? { actionLine: cell[1], goal: Number(cell[2]) } : null,
  };
}

export function urlFromState(state: MatrixState): string {
  const params = new URLSearchParams();
  if (state.view !== 'reference') params.set('view', state.view);
  if (state.measure !== 'entries') params.set('measure', state.measure);
  if (state.region) params.set('region', state.region);
  if (state.year) params.set('year', state.year);
  if (state.cell) params.set('cell', `${state.cell.actionLine}:${state.cell.goal}`);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The filters of the matrix page as a query for the API or the search page. */
export function filterQuery(state: Pick<MatrixState, 'region' | 'year'>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (state.region) params.set('region', state.region);
  if (state.year) params.set('year', state.year);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** `/api/v1/entries?action_line=C1&target=3.8` (a guidance item's entries) → `search?action_line=C1&target=3.8`. */
export function searchPathFromApi(apiHref: string): string {
  const url = new URL(apiHref, 'http://x');
  const params = new URLSearchParams();
  for (const name of ['action_line', 'sdg', 'target', 'region', 'year', 'country'])
    if (url.searchParams.has(name)) params.set(name, url.searchParams.get(name) as string);
  const text = params.toString();
  return text ? `search?${text}` : 'search';
}

/** The report's `year` parameter from a first and a last year (either may be empty). */
export function period(from: string, to: string): string {
  if (from && to) return from === to ? from : Number(from) < Number(to) ? `${from}-${to}` : `${to}-${from}`;
  return from || to;
}
