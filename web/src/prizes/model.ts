// The WSIS Prizes pages' shared logic: API shapes, the summary's word count (the server's rule),
// each phase's state at a given instant, the nomination form's checks, body and draft, and the
// receipts kept on this browser. Pure functions, unit-tested; no UI imports, so that the light
// voting page's chunk stays small.

export type PhaseName = 'nominations' | 'review' | 'voting' | 'results';
export const PHASES: PhaseName[] = ['nominations', 'review', 'voting', 'results'];

export interface PhaseWindow {
  opens: string;
  closes: string;
}
export interface CycleRules {
  rubric: { key: string; max: number }[];
  vote_changeable: boolean;
  champions_per_category: number;
  finalists_per_category: number;
  publish_expert_names: boolean;
  // Sent back whole when a cycle is changed (a PUT replaces the configuration).
  entries_per_organisation_per_category?: number;
  one_category_per_project?: boolean;
  past_winners_ineligible?: boolean;
  tie_break?: 'earliest_nomination' | 'seeded_draw';
  votes_per_account_per_minute?: number;
  votes_per_network_per_minute?: number;
}
export interface Cycle {
  id: number;
  year: number;
  title: string;
  categories: string[];
  phases: { nominations: PhaseWindow; review: PhaseWindow; voting: PhaseWindow; results: string };
  rules: CycleRules;
  current_phase: 'upcoming' | PhaseName | 'between';
}
export interface SdgLink {
  action_line: string;
  goal: number;
  explanation: string;
}
export interface Answers {
  summary: string;
  sdg_links: SdgLink[];
  impact: string;
  partnerships: string;
  challenges: string;
}
export interface Nomination {
  id: number;
  cycle_id: number;
  category: string;
  entry_id: number;
  entry_title: string;
  entry_published: boolean;
  organisation_id: number;
  state: 'submitted' | 'withdrawn';
  version: number;
  answers: Answers;
  updated_at: string;
}
export interface RankedItem {
  rank: number;
  nomination_id: number;
  entry_id: number;
  title: string;
  votes: number;
}
export interface CategoryResult {
  category: string;
  winner: number | null;
  champions: number[];
  ranking: RankedItem[];
}
export interface Results {
  cycle_id: number;
  total_votes: number;
  categories: CategoryResult[];
}
export interface ArchivedPick {
  nomination_id: number;
  entry_id: number;
  title: string;
  votes: number;
}
export interface ArchivedCycle {
  cycle_id: number;
  year: number;
  title: string;
  categories: { category: string; winner: ArchivedPick | null; champions: (ArchivedPick | null)[] }[];
}
export interface Receipt {
  receipt: string;
  seq: number;
  category: string;
  nomination_id: number;
  changed: boolean;
}
export interface PrizeCategory {
  code: string;
  title: string;
}
export interface Review {
  nomination_id: number;
  expert_id?: number;
  scores: Record<string, number>;
  total: number;
  eligible: boolean;
  reason: string;
  at: string;
}
export interface FraudSignal {
  id: number;
  kind: string;
  subject: string;
  /** In English. */
  detail: string;
  /** The detail's number alone, said in the page's language; null for signals flagged before it was kept. */
  measure: number | null;
  at: string;
}
export interface Finalist {
  nomination_id: number;
  entry_id: number;
  title: string;
  picked: boolean;  // the expert group's pick so far
}

// --- Words ------------------------------------------------------------------------------------

export const SUMMARY_MIN_WORDS = 150;
export const SUMMARY_MAX_WORDS = 200;

// Han, kana and Hangul: written without spaces, each character counts as a word (as the server
// counts in src/prizes/nomination.cpp).
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{2ffff}]/u;
const SPACE = /[ \n\t\r\u00a0\u3000\u2000-\u200b]/;

/** Words of a text: runs between white space, each CJK character one word. Arabic words are runs. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (const ch of text) {
    if (CJK.test(ch)) {
      words++;
      inWord = false;
    } else if (SPACE.test(ch)) inWord = false;
    else if (!inWord) {
      words++;
      inWord = true;
    }
  }
  return words;
}

// --- Phases -----------------------------------------------------------------------------------

export type PhaseState = 'upcoming' | 'open' | 'closed';

/** A phase is open from `opens` included to `closes` excluded (the server's rule). */
export function phaseState(cycle: Cycle, phase: PhaseName, now: number): PhaseState {
  if (phase === 'results') return now >= Date.parse(cycle.phases.results) ? 'open' : 'upcoming';
  const w = cycle.phases[phase];
  if (now < Date.parse(w.opens)) return 'upcoming';
  return now < Date.parse(w.closes) ? 'open' : 'closed';
}

/** The cycle to show first: the newest one not yet at its results, else the newest. */
export function currentCycle(cycles: Cycle[], now: number): Cycle | null {
  const running = cycles.filter((c) => phaseState(c, 'results', now) !== 'open');
  const byYear = (a: Cycle, b: Cycle) => b.year - a.year;
  return [...running].sort(byYear).at(-1) ?? [...cycles].sort(byYear)[0] ?? null;
}

// --- The nomination form ----------------------------------------------------------------------

export interface NominationForm {
  entry_id: string;
  category: string;
  summary: string;
  sdg_links: { action_line: string; goal: string; explanation: string }[];
  impact: string;
  partnerships: string;
  challenges: string;
}
export type NominationField = 'entry_id' | 'category' | 'summary' | 'sdg_links' | 'impact' | 'partnerships' | 'challenges';

export interface Problem {
  key: string;
  values?: Record<string, number>;
}

export function emptyNomination(): NominationForm {
  return { entry_id: '', category: '', summary: '', sdg_links: [{ action_line: '', goal: '', explanation: '' }],
    impact: '', partnerships: '', challenges: '' };
}

export function fromNomination(n: Nomination): NominationForm {
  return { entry_id: String(n.entry_id), category: n.category, summary: n.answers.summary,
    sdg_links: n.answers.sdg_links.map((l) => ({ action_line: l.action_line, goal: String(l.goal), explanation: l.explanation })),
    impact: n.answers.impact, partnerships: n.answers.partnerships, challenges: n.answers.challenges };
}

const chars = (s: string) => [...s.trim()].length;

/** The server's checks, run as the contributor types. */
export function validateNomination(form: NominationForm): Partial<Record<NominationField, Problem>> {
  const p: Partial<Record<NominationField, Problem>> = {};
  if (!form.entry_id) p.entry_id = { key: 'validate.required' };
  if (!form.category) p.category = { key: 'validate.required' };
  const words = countWords(form.summary);
  if (words < SUMMARY_MIN_WORDS || words > SUMMARY_MAX_WORDS)
    p.summary = { key: 'prizes.validate.words', values: { min: SUMMARY_MIN_WORDS, max: SUMMARY_MAX_WORDS, count: words } };
  if (!form.sdg_links.length || form.sdg_links.some((l) => !l.action_line || !l.goal || !l.explanation.trim()))
    p.sdg_links = { key: 'prizes.validate.links' };
  else if (form.sdg_links.some((l) => chars(l.explanation) > 1000)) p.sdg_links = { key: 'validate.tooLong', values: { max: 1000 } };
  for (const field of ['impact', 'partnerships', 'challenges'] as const) {
    if (!form[field].trim()) p[field] = { key: 'validate.required' };
    else if (chars(form[field]) > 3000) p[field] = { key: 'validate.tooLong', values: { max: 3000 } };
  }
  return p;
}

/** The body of POST /cycles/{id}/nominations and PUT /nominations/{id}. */
export function nominationBody(form: NominationForm): Record<string, unknown> {
  return {
    category: form.category,
    entry_id: Number(form.entry_id),
    answers: {
      summary: form.summary.trim(),
      sdg_links: form.sdg_links.map((l) => ({ action_line: l.action_line, goal: Number(l.goal), explanation: l.explanation.trim() })),
      impact: form.impact.trim(),
      partnerships: form.partnerships.trim(),
      challenges: form.challenges.trim(),
    },
  };
}

/** A server error path (`answers/sdg_links/0/goal`) → the form field it belongs to. */
export function nominationField(path: string): NominationField | 'form' {
  const parts = path.split('/');
  const key = parts[0] === 'answers' ? parts[1] : parts[0];
  const fields: NominationField[] = ['entry_id', 'category', 'summary', 'sdg_links', 'impact', 'partnerships', 'challenges'];
  return (fields as string[]).includes(key) ? (key as NominationField) : 'form';
}

// --- Storage: drafts and receipts -------------------------------------------------------------

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const draftKey = (cycle: number | string, id?: string) => (id ? `wsis-nomination:${id}` : `wsis-nomination:new:${cycle}`);

export function loadNominationDraft(store: Store, key: string): NominationForm | null {
  try {
    const text = store.getItem(key);
    if (!text) return null;
    const parsed = JSON.parse(text) as Partial<NominationForm>;
    return { ...emptyNomination(), ...parsed };
  } catch {
    return null;
  }
}
export function saveNominationDraft(store: Store, key: string, form: NominationForm): void {
  try {
    store.setItem(key, JSON.stringify(form));
  } catch {
    // storage full or blocked: the draft lasts as long as the page
  }
}
export function dropNominationDraft(store: Store, key: string): void {
  try {
    store.removeItem(key);
  } catch {
    // nothing kept
  }
}

const receiptsKey = (cycle: number) => `wsis-receipts:${cycle}`;

/** The receipts this browser received for a cycle, one per category (the latest vote). */
export function loadReceipts(store: Store, cycle: number): Record<string, Receipt> {
  try {
    return JSON.parse(store.getItem(receiptsKey(cycle)) ?? '{}') as Record<string, Receipt>;
  } catch {
    return {};
  }
}
export function keepReceipt(store: Store, cycle: number, receipt: Receipt): Record<string, Receipt> {
  const all = { ...loadReceipts(store, cycle), [receipt.category]: receipt };
  try {
    store.setItem(receiptsKey(cycle), JSON.stringify(all));
  } catch {
    // shown on the page all the same: the voter can copy it
  }
  return all;
}
