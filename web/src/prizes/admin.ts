// The logic of the administrators', moderators' and experts' pages: the cycle form (UTC
// instants in datetime-local fields, the server's checks, the body, the server's error paths),
// fraud signals' subjects, how many finalists a pick leaves champions. Pure functions,
// unit-tested (admin.test.ts); apart from model.ts so that the voting page, which imports that,
// carries none of this.
import type { Cycle, Problem } from './model';

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
  /** The criteria experts score, each from 0 to its highest score (text, as typed). */
  rubric: RubricRow[];
}
export interface RubricRow { key: string; max: string }

/** The server's rubric limits (src/prizes/cycle.cpp read_rules). */
export const RUBRIC_LIMITS = { criteria: 12, keyChars: 40, max: [1, 100] } as const;
/** The server's default rubric (src/prizes/cycle.cpp default_rubric), where a new cycle starts. */
export const DEFAULT_RUBRIC: readonly RubricRow[] = ['impact', 'innovation', 'sustainability', 'replicability']
  .map((key) => ({ key, max: '10' }));
/** A form key: `year`, `title`, `categories`, an instant, `rules/<name>`, `rules/rubric`, or `form`. */
export type CycleField = string;

/** The server's defaults (src/prizes/cycle.h), for a new cycle. */
export function emptyCycleForm(year: number, categories: string[]): CycleForm {
  const instants = Object.fromEntries(CYCLE_INSTANTS.map((k) => [k, ''])) as Record<CycleInstant, string>;
  return {
    year: String(year), title: `WSIS Prizes ${year}`, categories: [...categories], instants,
    rubric: DEFAULT_RUBRIC.map((c) => ({ ...c })),
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
    year: String(cycle.year), title: cycle.title, categories: [...cycle.categories], rubric: r.rubric.map((c) => ({ key: c.key, max: String(c.max) })),
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
  if (!form.rubric.length) p['rules/rubric'] = { key: 'prizes.validate.rubricEmpty' };
  else if (form.rubric.length > RUBRIC_LIMITS.criteria)
    p['rules/rubric'] = { key: 'prizes.validate.rubricTooMany', values: { max: RUBRIC_LIMITS.criteria } };
  const seen = new Set<string>();
  form.rubric.forEach((c, i) => {
    const key = c.key.trim();
    if (!key) p[`rules/rubric/${i}/key`] = { key: 'validate.required' };
    else if ([...key].length > RUBRIC_LIMITS.keyChars) p[`rules/rubric/${i}/key`] = { key: 'validate.tooLong', values: { max: RUBRIC_LIMITS.keyChars } };
    else if (seen.has(key)) p[`rules/rubric/${i}/key`] = { key: 'prizes.validate.rubricTwice' };
    seen.add(key);
    const [min, max] = RUBRIC_LIMITS.max;
    const v = wholeNumber(c.max);
    if (!(v >= min && v <= max)) p[`rules/rubric/${i}/max`] = { key: 'validate.range', values: { min, max } };
  });
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
  rules.rubric = form.rubric.map((c) => ({ key: c.key.trim(), max: wholeNumber(c.max) }));
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

/** A server error path (`categories/3`, `rules/rubric/0/key`, `phases/review/opens`) → its form key (a
 * criterion's own field, or the rubric as a whole). */
export function cycleField(path: string): CycleField {
  const parts = path.split('/');
  if (parts[0] === 'year' || parts[0] === 'title' || parts[0] === 'categories') return parts[0];
  if (parts[0] === 'phases') {
    const key = parts.slice(0, parts[1] === 'results' ? 2 : 3).join('/');
    return (CYCLE_INSTANTS as readonly string[]).includes(key) ? key : 'form';
  }
  if (parts[0] === 'rules' && parts[1] === 'rubric' && /^\d+$/.test(parts[2] ?? '') && (parts[3] === 'key' || parts[3] === 'max'))
    return parts.slice(0, 4).join('/');
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

// --- The experts' reviews (administrators) ----------------------------------------------------------

/**
 * A nomination's reviews as the shortlist reads them (src/prizes/prizes_service.cpp shortlist): a
 * submitted nomination goes to the public vote when a majority of its reviews, at least one,
 * find it eligible.
 */
export function reviewVerdict(reviews: { eligible: boolean }[], submitted: boolean):
  { count: number; eligible: number; shortlisted: boolean } {
  const eligible = reviews.filter((r) => r.eligible).length;
  return { count: reviews.length, eligible, shortlisted: submitted && reviews.length > 0 && eligible * 2 > reviews.length };
}
