import { Fragment } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useApp, useTitle } from '../context';
import { navigate, type PageProps } from '../router';
import { ApiError, get, request, send } from '../api/client';
import type { Entry } from '../api/types';
import { LANGS, LANG_NAMES } from '../i18n';
import { useLabels, type Labels } from '../labels';
import {
  STEPS, dropDraft, emptyForm, formField, fromEntry, loadDraft, saveDraft, stepOf, toContent, validate,
  type FieldName, type FormState,
} from '../entryForm';
import { CheckList, FormAlert, SelectField, TextField, fieldErrors } from '../components/Form';
import { LoadError, Loading } from '../components/Status';
import { RequireLogin } from '../components/RequireLogin';

const TYPES = ['project', 'programme', 'training', 'conference', 'website', 'guideline', 'toolkit'];
const STATUSES = ['planned', 'ongoing', 'completed'];

export default function Submit({ params, query }: PageProps) {
  const { t, lang } = useApp();
  const title = t(params.id ? 'submit.editTitle' : 'submit.title');
  useTitle(title);
  const labels = useLabels(lang);
  const [entry, setEntry] = useState<Entry | null | undefined>(params.id ? undefined : null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (params.id) get<Entry>(`/api/v1/entries/${encodeURIComponent(params.id)}`).then(setEntry, setError);
  }, [params.id]);
  return (
    <RequireLogin title={title}>
      {error ? <><h1 tabIndex={-1}>{title}</h1><LoadError error={error} /></>
        : entry === undefined || !labels.data ? <Loading />
        : <EntryForm id={params.id} entry={entry} labels={labels.data} title={title}
          nominate={!params.id && /^\d+$/.test(query.get('nominate') ?? '') ? query.get('nominate')! : undefined} />}
    </RequireLogin>
  );
}

// `nominate`: the prize cycle whose nomination form sent the contributor here to create the
// project's entry; once saved they go back to it with the new entry chosen.
function EntryForm({ id, entry, labels, title, nominate }: {
  id?: string; entry: Entry | null; labels: Labels; title: string; nominate?: string;
}) {
  const { t, lang, href } = useApp();
  const initial = useMemo(() => {
    const draft = loadDraft(localStorage, id);
    if (draft) return { form: { ...emptyForm(lang), ...draft.form }, restored: true };
    return { form: entry ? fromEntry(entry) : emptyForm(lang), restored: false };
  }, []);
  const [form, setForm] = useState<FormState>(initial.form);
  const [step, setStep] = useState(0);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [server, setServer] = useState<Partial<Record<string, string>>>({});
  const [alert, setAlert] = useState('');
  const [status, setStatus] = useState(initial.restored ? t('submit.draftRestored') : '');
  const [busy, setBusy] = useState(false);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const problems = validate(form);

  const errorOf = (field: FieldName): string | undefined => {
    if (server[field]) return server[field];
    const p = problems[field];
    return p && touched.has(field) ? t(p.key, p.values) : undefined;
  };

  function update<K extends FieldName>(field: K, value: FormState[K]) {
    const next = { ...form, [field]: value };
    if (field === 'action_lines' && !(value as string[]).includes(next.primary_action_line)) next.primary_action_line = '';
    setForm(next);
    setTouched((s) => new Set(s).add(field));
    if (server[field]) setServer({ ...server, [field]: undefined });
    saveDraft(localStorage, id, { form: next, version: entry?.version ?? null, saved: Date.now() });
    setStatus(t('submit.draftSaved'));
  }

  function focusField(field: string) {
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLElement>(`#f-${field}, #f-${field} input`);
      (el?.tagName === 'FIELDSET' ? el.querySelector<HTMLElement>('input') : el)?.focus();
    });
  }

  function showProblems(fields: FieldName[]): boolean {
    const bad = fields.filter((f) => problems[f]);
    if (!bad.length) return false;
    setTouched((s) => new Set([...s, ...bad]));
    setAlert(t('submit.fixErrors', { count: bad.length }));
    setStep(stepOf(bad[0]));
    focusField(bad[0]);
    return true;
  }

  function goTo(next: number) {
    if (next > step && showProblems(STEPS[step])) return;
    setAlert('');
    setStep(next);
    requestAnimationFrame(() => stepHeading.current?.focus());
  }

  async function save(andSubmit: boolean) {
    if (showProblems(STEPS.flat())) return;
    setBusy(true);
    setAlert('');
    try {
      const body = toContent(form);
      const saved = id
        ? (await request<Entry>(`/api/v1/entries/${id}`, { method: 'PUT', body,
          headers: { 'If-Match': `"${entry!.version}"` } })).data
        : await send<Entry>('POST', '/api/v1/entries', body);
      dropDraft(localStorage, id);
      if (andSubmit && (saved.state === 'draft' || saved.state === 'returned' || saved.pending_state === 'returned'))
        await send('POST', `/api/v1/entries/${saved.id}/transitions`, { action: 'submit' });
      navigate(href(nominate ? `prizes/${nominate}/nominate?entry=${saved.id}` : `entries/${saved.id}`));
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) setAlert(t('submit.conflict'));
      else if (error instanceof ApiError && error.errors.length) {
        const byField = fieldErrors(error.errors, formField);
        setServer(byField);
        const first = formField(error.errors[0].field);
        setStep(stepOf(first));
        setAlert(`${error.detail} ${t('submit.fixErrors', { count: Object.keys(byField).length })}`);
        if (first !== 'form') focusField(first);
      } else setAlert(error instanceof ApiError ? error.detail : t('error.load'));
    } finally {
      setBusy(false);
    }
  }

  function discard() {
    dropDraft(localStorage, id);
    setForm(entry ? fromEntry(entry) : emptyForm(lang));
    setTouched(new Set());
    setServer({});
    setStatus('');
    setStep(0);
  }

  const stepNames = [t('submit.step1'), t('submit.step2'), t('submit.step3'), t('submit.step4')];
  const text = (field: FieldName, label: string, extra: { multiline?: boolean; maxLength?: number; type?: string;
    hint?: string; required?: boolean } = {}) => (
    <TextField id={`f-${field}`} label={label} value={form[field] as string} error={errorOf(field)}
      onInput={(v) => update(field, v)} onBlur={() => setTouched((s) => new Set(s).add(field))} {...extra} />
  );
  const goals = labels.sdgs.filter((g) => form.sdg_goals.includes(String(g.number)));

  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      {nominate && <p class="notice" data-nominating>{t('prizes.form.createEntryNote')}</p>}
      <ol class="steps" aria-label={t('submit.steps')}>
        {stepNames.map((name, i) => (
          <li key={i} aria-current={i === step ? 'step' : undefined}>
            {i < step ? <button type="button" class="link-button" onClick={() => goTo(i)}>{name}</button> : name}
          </li>
        ))}
      </ol>
      <p role="status" class="hint" id="draft-status">{status}</p>
      <FormAlert message={alert} />
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        if (step < STEPS.length - 1) goTo(step + 1);
      }}>
        <h2 ref={stepHeading} tabIndex={-1}>{t('submit.stepOf', { n: step + 1, total: STEPS.length, name: stepNames[step] })}</h2>
        {step === 0 && (
          <>
            <SelectField id="f-type" label={t('field.type')} value={form.type} required error={errorOf('type')}
              onChange={(v) => update('type', v)} options={TYPES.map((v) => ({ value: v, label: t(`entryType.${v}`) }))} />
            {text('title', t('field.title'), { maxLength: 200, required: true })}
            <SelectField id="f-language" label={t('field.language')} value={form.language} required
              onChange={(v) => update('language', v as FormState['language'])}
              options={LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }))} />
            {text('description', t('field.description'), { multiline: true, maxLength: 10000, required: true })}
            <SelectField id="f-project_status" label={t('field.project_status')} value={form.project_status} required
              error={errorOf('project_status')} onChange={(v) => update('project_status', v)}
              options={STATUSES.map((v) => ({ value: v, label: t(`projectStatus.${v}`) }))} />
            {text('reporting_year', t('field.reporting_year'), { type: 'number', required: true })}
            {text('start_date', t('field.start_date'), { type: 'date' })}
            {text('end_date', t('field.end_date'), { type: 'date' })}
          </>
        )}
        {step === 1 && (
          <>
            <CheckList id="f-countries" legend={t('field.countries')} filterable selected={form.countries}
              error={errorOf('countries')} onChange={(v) => update('countries', v)}
              options={[{ value: 'global', label: t('common.global') },
                ...[...labels.countries].map(([value, label]) => ({ value, label }))
                  .sort((a, b) => a.label.localeCompare(b.label, lang))]} />
            <CheckList id="f-action_lines" legend={t('field.action_lines')} selected={form.action_lines}
              error={errorOf('action_lines')} onChange={(v) => update('action_lines', v)}
              options={labels.actionLines.map((a) => ({ value: a.code, label: `${a.code} ${a.title}` }))} />
            {form.action_lines.length > 1 && (
              <SelectField id="f-primary_action_line" label={t('field.primary_action_line')}
                value={form.primary_action_line} error={errorOf('primary_action_line')}
                onChange={(v) => update('primary_action_line', v)}
                options={form.action_lines.map((c) => ({ value: c, label: labels.actionLineNames.get(c) ?? c }))} />
            )}
            <CheckList id="f-sdg_goals" legend={t('field.sdg_goals')} selected={form.sdg_goals}
              error={errorOf('sdg_goals')} onChange={(v) => update('sdg_goals', v)}
              options={labels.sdgs.map((g) => ({ value: String(g.number), label: `${g.number}. ${g.short}` }))} />
            {goals.length > 0 && (
              <CheckList id="f-sdg_targets" legend={t('field.sdg_targets')} filterable selected={form.sdg_targets}
                error={errorOf('sdg_targets')} onChange={(v) => update('sdg_targets', v)}
                options={goals.flatMap((g) => g.targets.map((tg) => ({ value: tg.code, label: `${tg.code} ${tg.title}` })))} />
            )}
          </>
        )}
        {step === 2 && (
          <>
            {text('website', t('field.website'), { type: 'url', maxLength: 2000 })}
            {text('beneficiaries', t('field.beneficiaries'), { multiline: true, maxLength: 2000 })}
            {text('impact', t('field.impact'), { multiline: true, maxLength: 5000 })}
            {text('partners', t('field.partners'), { multiline: true, hint: t('submit.partnersHint') })}
            {text('contact_name', t('field.contact_name'), { maxLength: 200 })}
            {text('contact_email', t('field.contact_email'), { type: 'email', maxLength: 254 })}
            {text('contact_phone', t('field.contact_phone'), { type: 'tel', maxLength: 40 })}
            <fieldset class="field" id="f-translations" aria-describedby={errorOf('translations')
              ? 'f-translations-error' : 'f-translations-hint'}>
              <legend>{t('field.translations')}</legend>
              <span class="hint" id="f-translations-hint">{t('submit.translationsHint')}</span>
              {LANGS.filter((l) => l !== form.language).map((l) => (
                <div key={l}>
                  <TextField id={`f-tr-${l}-title`} label={t('submit.translationTitle', { language: LANG_NAMES[l] })}
                    value={form.translations[l]?.title ?? ''} maxLength={200}
                    onInput={(v) => update('translations', { ...form.translations,
                      [l]: { ...form.translations[l], title: v } })} />
                  <TextField id={`f-tr-${l}-description`} multiline maxLength={10000}
                    label={t('submit.translationDescription', { language: LANG_NAMES[l] })}
                    value={form.translations[l]?.description ?? ''}
                    onInput={(v) => update('translations', { ...form.translations,
                      [l]: { title: form.translations[l]?.title ?? '', description: v } })} />
                </div>
              ))}
              {errorOf('translations') && <span id="f-translations-error" class="error">{errorOf('translations')}</span>}
            </fieldset>
          </>
        )}
        {step === 3 && <Review form={form} labels={labels} server={server} />}
        <div class="actions">
          {step > 0 && <button type="button" class="secondary" onClick={() => goTo(step - 1)}>
            <span class="icon-back" aria-hidden="true">←</span>{' '}
            {t('common.previous')}</button>}
          {step < STEPS.length - 1 && <button type="submit">{t('common.next')} <span class="icon-forward" aria-hidden="true">→</span></button>}
          {step === STEPS.length - 1 && (
            <>
              {(!entry || entry.state !== 'published') && (
                <button type="button" class="secondary" disabled={busy} onClick={() => save(false)}>{t('submit.save')}</button>
              )}
              <button type="button" disabled={busy} data-action="save-submit" onClick={() => save(true)}>
                {entry?.state === 'published' ? t('common.save') : t('submit.saveSubmit')}
              </button>
            </>
          )}
          <button type="button" class="secondary" onClick={discard}>{t('submit.discard')}</button>
        </div>
      </form>
    </>
  );
}

function Review({ form, labels, server }: { form: FormState; labels: Labels; server: Partial<Record<string, string>> }) {
  const { t } = useApp();
  const sep = t('common.listSeparator');
  const rows: [string, string][] = [
    [t('field.type'), form.type ? t(`entryType.${form.type}`) : ''],
    [t('field.title'), form.title],
    [t('field.language'), LANG_NAMES[form.language]],
    [t('field.description'), form.description],
    [t('field.project_status'), form.project_status ? t(`projectStatus.${form.project_status}`) : ''],
    [t('field.reporting_year'), form.reporting_year],
    [t('field.countries'), form.countries.map((c) => (c === 'global' ? t('common.global') : labels.countries.get(c) ?? c)).join(sep)],
    [t('field.action_lines'), form.action_lines.map((c) => labels.actionLineNames.get(c) ?? c).join(sep)],
    [t('field.sdg_goals'), form.sdg_goals.map((g) => labels.sdgNames.get(g) ?? g).join(sep)],
    [t('field.sdg_targets'), form.sdg_targets.join(sep)],
    [t('field.website'), form.website],
    [t('field.partners'), form.partners.split('\n').filter(Boolean).join(sep)],
  ];
  return (
    <>
      <dl class="facts review-list">
        {rows.map(([label, value]) => <Fragment key={label}><dt>{label}</dt><dd>{value || "—"}</dd></Fragment>)}
      </dl>
      {server.form && <p class="form-error">{server.form}</p>}
    </>
  );
}
