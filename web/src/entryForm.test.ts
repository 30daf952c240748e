import { describe, expect, it } from 'vitest';
import { emptyForm, formField, fromEntry, loadDraft, saveDraft, dropDraft, stepOf, toContent, validate } from './entryForm';

const filled = () => ({
  ...emptyForm('ar', 2026),
  type: 'project', title: 'منصة رقمية', description: 'وصف', project_status: 'ongoing',
  countries: ['MRT'], action_lines: ['C3'], sdg_goals: ['4'],
});

describe('entry form checks', () => {
  it('names every missing required field of an empty form', () => {
    expect(Object.keys(validate(emptyForm('en', 2026), 2027)).sort()).toEqual(
      ['action_lines', 'countries', 'description', 'project_status', 'sdg_goals', 'title', 'type'].sort());
  });
  it('accepts a complete form', () => {
    expect(validate(filled(), 2027)).toEqual({});
  });
  it('counts characters, not bytes or UTF-16 units', () => {
    expect(validate({ ...filled(), title: 'عرب' }, 2027).title).toBeUndefined(); // 3 letters, 6 bytes
    expect(validate({ ...filled(), title: '😀😀' }, 2027).title).toEqual({ key: 'validate.tooShort', values: { min: 3 } });
    expect(validate({ ...filled(), title: 'ب'.repeat(201) }, 2027).title?.key).toBe('validate.tooLong');
  });
  it('checks dates, year, website and email like the server', () => {
    const p = validate({ ...filled(), start_date: '2025-05-01', end_date: '2025-04-30', reporting_year: '2002',
      website: 'ftp://x', contact_email: 'nobody' }, 2027);
    expect(p.end_date?.key).toBe('validate.endBeforeStart');
    expect(p.reporting_year).toEqual({ key: 'validate.year', values: { max: 2027 } });
    expect(p.website?.key).toBe('validate.url');
    expect(p.contact_email?.key).toBe('validate.email');
    expect(validate({ ...filled(), reporting_year: '2028' }, 2027).reporting_year).toBeDefined();
  });
  it('checks translations that have any text, and sends only those', () => {
    const form = { ...filled(), translations: { en: { title: 'No' }, fr: { title: '', description: '' },
      ar: { title: 'ignored: the original language' } } };
    expect(validate(form, 2027).translations).toEqual({ key: 'validate.tooShort', values: { min: 3 } });
    const ok = { ...form, translations: { ...form.translations, en: { title: 'Digital platform', description: ' x ' } } };
    expect(validate(ok, 2027).translations).toBeUndefined();
    expect(toContent(ok).translations).toEqual({ en: { title: 'Digital platform', description: 'x' } });
  });
  it('accepts targets instead of goals', () => {
    expect(validate({ ...filled(), sdg_goals: [], sdg_targets: ['4.1'] }, 2027).sdg_goals).toBeUndefined();
  });
});

describe('entry form and the API', () => {
  it('builds the request body: trimmed texts, numbers, nulls for empty optional fields', () => {
    const body = toContent({ ...filled(), title: '  منصة رقمية  ', partners: 'A\n\n B \n', contact_email: 'a@b.org' });
    expect(body).toMatchObject({ title: 'منصة رقمية', sdg_goals: [4], reporting_year: 2026, website: null,
      start_date: null, partners: ['A', 'B'], contact: { name: '', email: 'a@b.org', phone: '' } });
    expect(body).not.toHaveProperty('primary_action_line');
    expect(body).not.toHaveProperty('translations');
  });
  it('keeps the translations it does not edit and round-trips an entry', () => {
    const form = { ...filled(), translations: { en: { title: 'Digital platform' } } };
    const back = fromEntry({ ...toContent(form), sdg_goals: [4], translations: form.translations } as never);
    expect(back.title).toBe(form.title);
    expect(toContent(form).translations).toEqual({ en: { title: 'Digital platform' } });
  });
  it('maps server error paths to fields and steps', () => {
    expect(formField('countries/2')).toBe('countries');
    expect(formField('contact/email')).toBe('contact_email');
    expect(formField('translations/fr/title')).toBe('translations');
    expect(formField('external_id')).toBe('form');
    expect(stepOf('translations')).toBe(2);
    expect(stepOf('title')).toBe(0);
    expect(stepOf('sdg_targets')).toBe(1);
    expect(stepOf('website')).toBe(2);
    expect(stepOf('form')).toBe(3);
  });
});

describe('drafts', () => {
  it('are saved, loaded and dropped per entry', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k) };
    saveDraft(storage, '12', { form: filled(), version: 3, saved: 1 });
    expect(loadDraft(storage, '12')?.form.title).toBe('منصة رقمية');
    expect(loadDraft(storage, undefined)).toBeNull();
    store.set('wsis-draft:new', '{not json');
    expect(loadDraft(storage, undefined)).toBeNull();
    dropDraft(storage, '12');
    expect(loadDraft(storage, '12')).toBeNull();
  });
});
