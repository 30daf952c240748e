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
  detail: string;
  at: string;
}
export interface Finalist {
  nomination_id: number;
  entry_id: number;
  title: string;
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

// --- The cycle form (administrators) ------------------------------------------------------------

/** The seven instants of a cycle, in order: each a server path and a form key. */
export const CYCLE_INSTANTS = [
  'phases/nominations/opens', 'phases/nominations/closes', 'phases/review/opens', 'phases/review/closes',
  'phases/voting/opens', 'phases/voting/closes', 'phases/results',
] as const;
export type CycleInstant = (typeof CYCLE_INSTANTS)[number];

export interface CycleForm {
  year: string;
  title: string;
  categories: string[];
  /** Each instant as a datetime-local value read as UTC: `2027-03-01T00:00` (seconds kept when set). */
  instants: Record<CycleInstant, string>;
  rules: {
    entries_per_organisation_per_category: string;
    one_category_per_project: boolean;
    past_winners_ineligible: boolean;
    vote_changeable: boolean;
    finalists_per_category: string;
    champions_per_category: string;
    tie_break: 'earliest_nomination' | 'seeded_draw';
    publish_expert_names: boolean;
    votes_per_account_per_minute: string;
    votes_per_network_per_minute: string;
  };
  /** Kept as the cycle has it (none for a new cycle: the server's default), sent back unchanged. */
  rubric: { key: string; max: number }[] | null;
}
/** A form key: `year`, `title`, `categories`, an instant, `rules/<name>`, `rules/rubric`, or `form`. */
export type CycleField = string;

/** The server's defaults (src/prizes/cycle.h), for a new cycle. */
export function emptyCycleForm(year: number, categories: string[]): CycleForm {
  const instants = Object.fromEntries(CYCLE_INSTANTS.map((k) => [k, ''])) as Record<CycleInstant, string>;
  return {
    year: String(year), title: `WSIS Prizes ${year}`, categories: [...categories], instants, rubric: null,
    rules: { entries_per_organisation_per_category: '1', one_category_per_project: true, past_winners_ineligible: true,
      vote_changeable: true, finalists_per_category: '5', champions_per_category: '4', tie_break: 'earliest_nomination',
      publish_expert_names: true, votes_per_account_per_minute: '20', votes_per_network_per_minute: '600' },
  };
}

/** `2027-03-01T00:00:00Z` → `2027-03-01T00:00` (UTC; seconds kept when not zero); '' when unreadable. */
export function toUtcInput(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const text = new Date(ms).toISOString(); // 2027-03-01T00:00:05.000Z
  return text.slice(17, 19) === '00' ? text.slice(0, 16) : text.slice(0, 19);
}

/** A datetime-local value read as UTC → `2027-03-01T00:00:00Z`, or null when not a date and time. */
export function fromUtcInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second = '00'] = m.slice(1);
  const ms = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second);
  const d = new Date(ms);
  // Date.UTC rolls 31 February over into March: such a date is refused, as the server does.
  if (d.getUTCFullYear() !== +year || d.getUTCMonth() !== +month - 1 || d.getUTCDate() !== +day || +hour > 23
    || +minute > 59 || +second > 59) return null;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}Z`;
}

export function fromCycle(cycle: Cycle): CycleForm {
  const p = cycle.phases;
  const isos: Record<CycleInstant, string> = {
    'phases/nominations/opens': p.nominations.opens, 'phases/nominations/closes': p.nominations.closes,
    'phases/review/opens': p.review.opens, 'phases/review/closes': p.review.closes,
    'phases/voting/opens': p.voting.opens, 'phases/voting/closes': p.voting.closes, 'phases/results': p.results,
  };
  const r = cycle.rules;
  const defaults = emptyCycleForm(cycle.year, cycle.categories).rules;
  const num = (v: number | undefined, fallback: string) => (v === undefined ? fallback : String(v));
  return {
    year: String(cycle.year), title: cycle.title, categories: [...cycle.categories], rubric: r.rubric.map((c) => ({ ...c })),
    instants: Object.fromEntries(CYCLE_INSTANTS.map((k) => [k, toUtcInput(isos[k])])) as Record<CycleInstant, string>,
    rules: {
      entries_per_organisation_per_category: num(r.entries_per_organisation_per_category, defaults.entries_per_organisation_per_category),
      one_category_per_project: r.one_category_per_project ?? defaults.one_category_per_project,
      past_winners_ineligible: r.past_winners_ineligible ?? defaults.past_winners_ineligible,
      vote_changeable: r.vote_changeable,
      finalists_per_category: String(r.finalists_per_category),
      champions_per_category: String(r.champions_per_category),
      tie_break: r.tie_break ?? defaults.tie_break,
      publish_expert_names: r.publish_expert_names,
      votes_per_account_per_minute: num(r.votes_per_account_per_minute, defaults.votes_per_account_per_minute),
      votes_per_network_per_minute: num(r.votes_per_network_per_minute, defaults.votes_per_network_per_minute),
    },
  };
}

/** The integer rules and their ranges (the server's, src/prizes/cycle.cpp). */
export const RULE_RANGES = {
  entries_per_organisation_per_category: [1, 50],
  finalists_per_category: [1, 50],
  champions_per_category: [0, 49],
  votes_per_account_per_minute: [1, 1_000_000],
  votes_per_network_per_minute: [1, 100_000_000],
} as const;
export type IntegerRule = keyof typeof RULE_RANGES;

const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN);

/** The server's checks of a cycle, keyed as the server names the fields. */
export function validateCycle(form: CycleForm): Record<CycleField, Problem> {
  const p: Record<CycleField, Problem> = {};
  const year = wholeNumber(form.year);
  if (!(year >= 2000 && year <= 2200)) p.year = { key: 'validate.range', values: { min: 2000, max: 2200 } };
  if (!form.title.trim()) p.title = { key: 'validate.required' };
  else if ([...form.title.trim()].length > 200) p.title = { key: 'validate.tooLong', values: { max: 200 } };
  if (!form.categories.length) p.categories = { key: 'validate.pickOne' };
  const at: Partial<Record<CycleInstant, number>> = {};
  for (const key of CYCLE_INSTANTS) {
    const iso = form.instants[key] ? fromUtcInput(form.instants[key]) : null;
    if (!form.instants[key]) p[key] = { key: 'validate.required' };
    else if (!iso) p[key] = { key: 'prizes.validate.instant' };
    else at[key] = Date.parse(iso);
  }
  // Each window closes after it opens; each phase opens when or after the previous one closed.
  const after = (later: CycleInstant, earlier: CycleInstant, strict: boolean) => {
    const a = at[later], b = at[earlier];
    if (a !== undefined && b !== undefined && !p[later] && (strict ? a <= b : a < b))
      p[later] = { key: strict ? 'prizes.validate.closesAfter' : 'prizes.validate.opensAfter' };
  };
  after('phases/nominations/closes', 'phases/nominations/opens', true);
  after('phases/review/closes', 'phases/review/opens', true);
  after('phases/voting/closes', 'phases/voting/opens', true);
  after('phases/review/opens', 'phases/nominations/closes', false);
  after('phases/voting/opens', 'phases/review/closes', false);
  after('phases/results', 'phases/voting/closes', false);
  for (const [name, [min, max]] of Object.entries(RULE_RANGES) as [IntegerRule, readonly [number, number]][]) {
    const v = wholeNumber(form.rules[name]);
    if (!(v >= min && v <= max)) p[`rules/${name}`] = { key: 'validate.range', values: { min, max } };
  }
  const finalists = wholeNumber(form.rules.finalists_per_category);
  const champions = wholeNumber(form.rules.champions_per_category);
  if (!p['rules/finalists_per_category'] && !p['rules/champions_per_category'] && champions > finalists - 1)
    p['rules/champions_per_category'] = { key: 'validate.range', values: { min: 0, max: finalists - 1 } };
  return p;
}

/** The body of POST /prizes/cycles and PUT /prizes/cycles/{id}. */
export function cycleBody(form: CycleForm): Record<string, unknown> {
  const iso = (k: CycleInstant) => fromUtcInput(form.instants[k]);
  const r = form.rules;
  const rules: Record<string, unknown> = {
    entries_per_organisation_per_category: wholeNumber(r.entries_per_organisation_per_category),
    one_category_per_project: r.one_category_per_project, past_winners_ineligible: r.past_winners_ineligible,
    vote_changeable: r.vote_changeable, finalists_per_category: wholeNumber(r.finalists_per_category),
    champions_per_category: wholeNumber(r.champions_per_category), tie_break: r.tie_break,
    publish_expert_names: r.publish_expert_names,
    votes_per_account_per_minute: wholeNumber(r.votes_per_account_per_minute),
    votes_per_network_per_minute: wholeNumber(r.votes_per_network_per_minute),
  };
  if (form.rubric) rules.rubric = form.rubric;
  return {
    year: wholeNumber(form.year), title: form.title.trim(), categories: form.categories,
    phases: {
      nominations: { opens: iso('phases/nominations/opens'), closes: iso('phases/nominations/closes') },
      review: { opens: iso('phases/review/opens'), closes: iso('phases/review/closes') },
      voting: { opens: iso('phases/voting/opens'), closes: iso('phases/voting/closes') },
      results: iso('phases/results'),
    },
    rules,
  };
}

/** A server error path (`categories/3`, `rules/rubric/0/key`, `phases/review/opens`) → its form key. */
export function cycleField(path: string): CycleField {
  const parts = path.split('/');
  if (parts[0] === 'year' || parts[0] === 'title' || parts[0] === 'categories') return parts[0];
  if (parts[0] === 'phases') {
    const key = parts.slice(0, parts[1] === 'results' ? 2 : 3).join('/');
    return (CYCLE_INSTANTS as readonly string[]).includes(key) ? key : 'form';
  }
  if (parts[0] === 'rules' && parts[1]) return `rules/${parts[1]}`;
  return 'form';
}

// --- Fraud signals and the expert group's pick ----------------------------------------------------

/** A signal's subject as the server writes it (`account:12`, `network:203.0.113.0/24`). */
export function signalSubject(subject: string): { kind: 'account' | 'network' | 'other'; value: string } {
  const at = subject.indexOf(':');
  const kind = subject.slice(0, at);
  if (at > 0 && (kind === 'account' || kind === 'network')) return { kind, value: subject.slice(at + 1) };
  return { kind: 'other', value: subject };
}

/** Newest first (the server lists them in the order flagged). */
export function newestFirst<T extends { at: string; id: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id);
}

/**
 * What a pick makes of the other finalists: all of them champions when the rule allows as many,
 * else `champions` of them, the most voted (which only the results tell).
 */
export function championsAfterPick(finalists: number, championsPerCategory: number):
  { others: number; champions: number; all: boolean } {
  const others = Math.max(0, finalists - 1);
  const champions = Math.min(others, Math.max(0, championsPerCategory));
  return { others, champions, all: champions === others };
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

// The expert's reviews as saved from this browser: the reviews route is for administrators, so
// an expert cannot read their reviews back from the server.
const reviewsKey = (cycle: number, user: number) => `wsis-reviews:${cycle}:${user}`;

export function loadReviews(store: Store, cycle: number, user: number): Record<string, Review> {
  try {
    const parsed = JSON.parse(store.getItem(reviewsKey(cycle, user)) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, Review>) : {};
  } catch {
    return {};
  }
}
/** Keeps a review (`review` null: forgets it, as a declared conflict drops it on the server). */
export function keepReview(store: Store, cycle: number, user: number, nomination: number, review: Review | null):
  Record<string, Review> {
  const all = { ...loadReviews(store, cycle, user) };
  if (review) all[nomination] = review;
  else delete all[nomination];
  try {
    store.setItem(reviewsKey(cycle, user), JSON.stringify(all));
  } catch {
    // storage full or blocked: shown on the page until it is left
  }
  return all;
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
