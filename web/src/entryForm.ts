// The submit/edit form's state, its checks (the server's rules, run as the owner types) and its
// conversion to and from the API's entry content. Pure functions, unit-tested.
import type { Entry, EntryContent, Translation } from './api/types';
import type { Lang } from './i18n';

export interface FormState {
  type: string;
  title: string;
  description: string;
  language: Lang;
  project_status: string;
  reporting_year: string;
  start_date: string;
  end_date: string;
  countries: string[];
  action_lines: string[];
  primary_action_line: string;
  sdg_goals: string[];
  sdg_targets: string[];
  website: string;
  beneficiaries: string;
  impact: string;
  partners: string;
  contact_name: string;
  contact_email: string;
  contact_phone: string;
  translations: Partial<Record<Lang, Translation>>;
}

export type FieldName = keyof FormState;

export interface Problem {
  key: string; // message key
  values?: Record<string, number>;
}

export const STEPS: FieldName[][] = [
  ['type', 'title', 'language', 'description', 'project_status', 'reporting_year', 'start_date', 'end_date'],
  ['countries', 'action_lines', 'primary_action_line', 'sdg_goals', 'sdg_targets'],
  ['website', 'beneficiaries', 'impact', 'partners', 'contact_name', 'contact_email', 'contact_phone', 'translations'],
  [],
];

export function emptyForm(language: Lang, year = new Date().getFullYear()): FormState {
  return {
    type: '', title: '', description: '', language, project_status: '', reporting_year: String(year),
    start_date: '', end_date: '', countries: [], action_lines: [], primary_action_line: '', sdg_goals: [],
    sdg_targets: [], website: '', beneficiaries: '', impact: '', partners: '', contact_name: '', contact_email: '',
    contact_phone: '', translations: {},
  };
}

const length = (s: string) => [...s.trim()].length;

export function validate(form: FormState, nextYear = new Date().getFullYear() + 1): Partial<Record<FieldName, Problem>> {
  const p: Partial<Record<FieldName, Problem>> = {};
  const text = (field: FieldName, value: string, min: number, max: number, required = true) => {
    if (!value.trim()) {
      if (required) p[field] = { key: 'validate.required' };
    } else if (length(value) < min) p[field] = { key: 'validate.tooShort', values: { min } };
    else if (length(value) > max) p[field] = { key: 'validate.tooLong', values: { max } };
  };
  if (!form.type) p.type = { key: 'validate.required' };
  text('title', form.title, 3, 200);
  text('description', form.description, 1, 10000);
  if (!form.project_status) p.project_status = { key: 'validate.required' };
  const year = Number(form.reporting_year);
  if (!/^\d{4}$/.test(form.reporting_year) || year < 2003 || year > nextYear)
    p.reporting_year = { key: 'validate.year', values: { max: nextYear } };
  if (form.start_date && form.end_date && form.end_date < form.start_date) p.end_date = { key: 'validate.endBeforeStart' };
  if (!form.countries.length) p.countries = { key: 'validate.pickOne' };
  else if (form.countries.length > 60) p.countries = { key: 'validate.tooLong', values: { max: 60 } };
  if (!form.action_lines.length) p.action_lines = { key: 'validate.pickOne' };
  if (!form.sdg_goals.length && !form.sdg_targets.length) p.sdg_goals = { key: 'validate.pickOne' };
  if (form.website.trim() && !/^https?:\/\/\S+$/i.test(form.website.trim())) p.website = { key: 'validate.url' };
  text('beneficiaries', form.beneficiaries, 0, 2000, false);
  text('impact', form.impact, 0, 5000, false);
  if (partnerList(form.partners).some((name) => length(name) > 200)) p.partners = { key: 'validate.tooLong', values: { max: 200 } };
  if (form.contact_email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.contact_email.trim()))
    p.contact_email = { key: 'validate.email' };
  // A translation has a title (3-200 characters); its description is optional.
  for (const [lang, tr] of Object.entries(form.translations)) {
    if (lang === form.language || !tr || (!tr.title.trim() && !tr.description?.trim())) continue;
    if (length(tr.title) < 3) p.translations = { key: 'validate.tooShort', values: { min: 3 } };
    else if (length(tr.title) > 200) p.translations = { key: 'validate.tooLong', values: { max: 200 } };
  }
  return p;
}

function partnerList(text: string): string[] {
  return text.split('\n').map((s) => s.trim()).filter(Boolean);
}

/** The request body of POST /api/v1/entries and PUT /api/v1/entries/{id}. */
export function toContent(form: FormState): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: form.type,
    title: form.title.trim(),
    description: form.description.trim(),
    language: form.language,
    countries: form.countries,
    action_lines: form.action_lines,
    sdg_goals: form.sdg_goals.map(Number),
    sdg_targets: form.sdg_targets,
    project_status: form.project_status,
    reporting_year: Number(form.reporting_year),
    start_date: form.start_date || null,
    end_date: form.end_date || null,
    website: form.website.trim() || null,
    beneficiaries: form.beneficiaries.trim() || null,
    impact: form.impact.trim() || null,
    partners: partnerList(form.partners),
  };
  // Translations into the other languages; an empty one is left out.
  const translations = Object.fromEntries(Object.entries(form.translations)
    .filter(([lang, tr]) => lang !== form.language && tr && tr.title.trim())
    .map(([lang, tr]) => [lang, tr!.description?.trim() ? { title: tr!.title.trim(), description: tr!.description.trim() }
      : { title: tr!.title.trim() }]));
  if (Object.keys(translations).length) body.translations = translations;
  if (form.primary_action_line && form.action_lines.includes(form.primary_action_line))
    body.primary_action_line = form.primary_action_line;
  if (form.contact_name.trim() || form.contact_email.trim() || form.contact_phone.trim())
    body.contact = { name: form.contact_name.trim(), email: form.contact_email.trim(), phone: form.contact_phone.trim() };
  return body;
}

export function fromEntry(entry: Entry | EntryContent): FormState {
  return {
    type: entry.type,
    title: entry.title,
    description: entry.description,
    language: entry.language,
    project_status: entry.project_status,
    reporting_year: String(entry.reporting_year),
    start_date: entry.start_date ?? '',
    end_date: entry.end_date ?? '',
    countries: entry.countries,
    action_lines: entry.action_lines,
    primary_action_line: entry.primary_action_line ?? '',
    sdg_goals: entry.sdg_goals.map(String),
    sdg_targets: entry.sdg_targets,
    website: entry.website ?? '',
    beneficiaries: entry.beneficiaries ?? '',
    impact: entry.impact ?? '',
    partners: (entry.partners ?? []).join('\n'),
    contact_name: entry.contact?.name ?? '',
    contact_email: entry.contact?.email ?? '',
    contact_phone: entry.contact?.phone ?? '',
    translations: entry.translations ?? {},
  };
}

/** Which form field a server error path names (`countries/2` → countries, `contact/email` → contact_email). */
export function formField(path: string): FieldName | 'form' {
  const [head, sub] = path.split('/');
  if (head === 'contact' && sub) return `contact_${sub}` as FieldName;
  if (head === 'contact') return 'contact_email';
  const known: string[] = STEPS.flat();
  return known.includes(head) ? (head as FieldName) : 'form';
}

export function stepOf(field: FieldName | 'form'): number {
  const i = STEPS.findIndex((fields) => (fields as string[]).includes(field));
  return i < 0 ? STEPS.length - 1 : i;
}

// Drafts live in localStorage under one key per entry (or "new"), so nothing typed is lost on
// a reload, a failed save or a closed tab; a successful save removes the draft.
export interface Draft {
  form: FormState;
  version: number | null; // the entry version the draft started from
  saved: number;
}
export const draftKey = (id: string | undefined) => `wsis-draft:${id ?? 'new'}`;

export function loadDraft(storage: Pick<Storage, 'getItem'>, id: string | undefined): Draft | null {
  try {
    const raw = storage.getItem(draftKey(id));
    if (!raw) return null;
    const draft = JSON.parse(raw) as Draft;
    return draft && typeof draft.form === 'object' ? draft : null;
  } catch {
    return null;
  }
}
export function saveDraft(storage: Pick<Storage, 'setItem'>, id: string | undefined, draft: Draft): void {
  try {
    storage.setItem(draftKey(id), JSON.stringify(draft));
  } catch {
    // storage full or blocked: the form keeps working, only without the safety net
  }
}
export function dropDraft(storage: Pick<Storage, 'removeItem'>, id: string | undefined): void {
  try {
    storage.removeItem(draftKey(id));
  } catch {
    // nothing to drop
  }
}
