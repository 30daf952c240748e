// The nomination form (new: /prizes/{cycle}/nominate, edit: /prizes/nominations/{id}/edit): one of
// the organisation's entries (published, or submitted and awaiting moderation; or a new one,
// through the entry form and back here with it chosen), a category, and the cycle's questions.
// Checked as typed with the server's rules; the server's field errors beside their fields; a
// draft kept in localStorage across reloads until the nomination is saved.
import { useMemo, useState } from 'preact/hooks';
import { useApp, useTitle } from '../context';
import { useAsync } from '../hooks';
import { ApiError, get, send } from '../api/client';
import type { EntrySummary } from '../api/types';
import { navigate, type PageProps } from '../router';
import { useLabels, type Labels } from '../labels';
import { FormAlert, SelectField, TextField, fieldErrors } from '../components/Form';
import { LoadError, Loading } from '../components/Status';
import { RequireLogin } from '../components/RequireLogin';
import {
  SUMMARY_MAX_WORDS, SUMMARY_MIN_WORDS, countWords, draftKey, dropNominationDraft, emptyNomination, fromNomination,
  loadNominationDraft, nominationBody, nominationField, phaseState, saveNominationDraft, validateNomination,
  type Cycle, type Nomination, type NominationField, type NominationForm,
} from '../prizes/model';
import { formatInstant, usePrizeCategories } from '../prizes/ui';

export default function Nominate({ params, query }: PageProps) {
  const { t } = useApp();
  const title = t(params.id ? 'prizes.form.editTitle' : 'prizes.form.title');
  useTitle(title);
  return (
    <RequireLogin title={title}>
      <Loader params={params} query={query} title={title} />
    </RequireLogin>
  );
}

function Loader({ params, query, title }: PageProps & { title: string }) {
  const { t, lang, href, session } = useApp();
  const data = useAsync(async (signal) => {
    const nomination = params.id ? await get<Nomination>(`/api/v1/prizes/nominations/${encodeURIComponent(params.id)}`, signal)
      : null;
    const cycleId = nomination ? nomination.cycle_id : params.cycle;
    const [cycle, entries] = await Promise.all([
      get<Cycle>(`/api/v1/prizes/cycles/${encodeURIComponent(cycleId)}`, signal),
      get<{ items: EntrySummary[] }>(`/api/v1/entries?mine=true&limit=100&lang=${lang}`, signal),
    ]);
    return { nomination, cycle, entries: entries.items };
  }, [params.id, params.cycle]);
  const labels = useLabels(lang);
  const names = usePrizeCategories(lang);
  if (data.error) return <><h1 tabIndex={-1}>{title}</h1><LoadError error={data.error} /></>;
  if (!data.data || !labels.data) return <Loading />;
  const { cycle } = data.data;
  if (!session!.user.organisation_id)
    return <><h1 tabIndex={-1}>{title}</h1><p class="notice"><a href={href('organisation')}>{t('my.needOrg')}</a></p></>;
  if (phaseState(cycle, 'nominations', Date.now()) !== 'open')
    return <><h1 tabIndex={-1}>{title}</h1><p class="notice">{t('prizes.form.closed')}</p>
      <p><a href={href(`prizes/${cycle.id}`)}>{cycle.title}</a></p></>;
  return <NominationFormView {...data.data} labels={labels.data} names={names.data} title={title}
    preselect={query.get('entry')} />;
}

function NominationFormView({ nomination, cycle, entries, labels, names, title, preselect }: {
  nomination: Nomination | null; cycle: Cycle; entries: EntrySummary[]; labels: Labels; names?: Map<string, string>;
  title: string; preselect: string | null;
}) {
  const { t, tr, lang, href } = useApp();
  const key = draftKey(cycle.id, nomination ? String(nomination.id) : undefined);
  const initial = useMemo(() => {
    const draft = loadNominationDraft(localStorage, key);
    const form = draft ?? (nomination ? fromNomination(nomination) : emptyNomination());
    // Back from creating an entry: that entry is the one nominated.
    if (preselect) form.entry_id = preselect;
    return { form, restored: !!draft };
  }, []);
  const [form, setForm] = useState<NominationForm>(initial.form);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [server, setServer] = useState<Partial<Record<string, string>>>({});
  const [alert, setAlert] = useState('');
  const [status, setStatus] = useState(initial.restored ? t('submit.draftRestored') : '');
  const [busy, setBusy] = useState(false);
  const problems = validateNomination(form);
  // Published entries and those awaiting moderation can be nominated.
  const choices = entries.filter((e) => e.state === 'published' || e.state === 'submitted' || String(e.id) === form.entry_id);

  const errorOf = (field: NominationField): string | undefined => {
    if (server[field]) return server[field];
    const p = problems[field];
    return p && touched.has(field) ? t(p.key, p.values) : undefined;
  };

  function update<K extends keyof NominationForm>(field: K, value: NominationForm[K]) {
    const next = { ...form, [field]: value };
    setForm(next);
    setTouched((s) => new Set(s).add(field));
    if (server[field]) setServer({ ...server, [field]: undefined });
    saveNominationDraft(localStorage, key, next);
    setStatus(t('submit.draftSaved'));
  }

  function focusField(field: string) {
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLElement>(`#n-${field}`);
      (el?.tagName === 'FIELDSET' ? el.querySelector<HTMLElement>('select, input, textarea') : el)?.focus();
    });
  }

  async function save(e: Event) {
    e.preventDefault();
    const bad = (Object.keys(problems) as NominationField[]);
    if (bad.length) {
      setTouched(new Set(bad));
      setAlert(t('submit.fixErrors', { count: bad.length }));
      focusField(bad[0]);
      return;
    }
    setBusy(true);
    setAlert('');
    try {
      if (nomination) await send('PUT', `/api/v1/prizes/nominations/${nomination.id}`, nominationBody(form));
      else await send('POST', `/api/v1/prizes/cycles/${cycle.id}/nominations`, nominationBody(form));
      dropNominationDraft(localStorage, key);
      navigate(href(`prizes/${cycle.id}/mine?saved=1`));
    } catch (error) {
      if (error instanceof ApiError && error.errors.length) {
        const byField = fieldErrors(error.errors, nominationField);
        setServer(byField);
        const first = nominationField(error.errors[0].field);
        setAlert(`${error.detail} ${t('submit.fixErrors', { count: Object.keys(byField).length })}`);
        if (first !== 'form') focusField(first);
      } else setAlert(error instanceof ApiError ? error.detail : t('error.load'));
    } finally {
      setBusy(false);
    }
  }

  const words = countWords(form.summary);
  const text = (field: 'impact' | 'partnerships' | 'challenges') => (
    <TextField id={`n-${field}`} label={t(`prizes.form.${field}`)} hint={t(`prizes.form.${field}Hint`)} multiline
      maxLength={3000} required value={form[field]} error={errorOf(field)} onInput={(v) => update(field, v)}
      onBlur={() => setTouched((s) => new Set(s).add(field))} />
  );
  const setLink = (i: number, part: 'action_line' | 'goal' | 'explanation', value: string) =>
    update('sdg_links', form.sdg_links.map((l, j) => (j === i ? { ...l, [part]: value } : l)));
  const linksError = errorOf('sdg_links');
  const chosen = entries.find((e) => String(e.id) === form.entry_id);

  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      <p>{cycle.title}</p>
      <p role="status" class="hint" id="draft-status">{status}</p>
      <FormAlert message={alert} />
      <form noValidate onSubmit={save}>
        <SelectField id="n-entry_id" label={t('prizes.form.entry')} value={form.entry_id} required
          hint={t('prizes.form.entryHint')} error={errorOf('entry_id')} onChange={(v) => update('entry_id', v)}
          options={choices.map((e) => ({ value: String(e.id),
            label: e.state === 'published' ? (e.display_title || e.title)
              : t('prizes.form.entryAwaiting', { title: e.display_title || e.title }) }))} />
        {chosen && chosen.state !== 'published' && <p class="notice" data-entry-awaiting>{t('prizes.form.awaitingNote')}</p>}
        {!nomination && (
          <p><a href={href(`submit?nominate=${cycle.id}`)} data-action="create-entry">{t('prizes.form.createEntry')}</a></p>
        )}
        <SelectField id="n-category" label={t('prizes.form.category')} value={form.category} required
          error={errorOf('category')} onChange={(v) => update('category', v)}
          options={cycle.categories.map((c) => ({ value: c, label: names?.get(c) ? `${c} · ${names.get(c)}` : c }))} />
        <TextField id="n-summary" label={t('prizes.form.summary')} multiline maxLength={2000} required value={form.summary}
          hint={`${t('prizes.form.summaryHint', { min: SUMMARY_MIN_WORDS, max: SUMMARY_MAX_WORDS })} ${t('prizes.form.wordCount', { count: words, n: tr.number(words) })}`}
          error={errorOf('summary')} onInput={(v) => update('summary', v)}
          onBlur={() => setTouched((s) => new Set(s).add('summary'))} />
        <fieldset class="field sdg-links" id="n-sdg_links" aria-describedby={linksError ? 'n-sdg_links-error' : 'n-sdg_links-hint'}>
          <legend>{t('prizes.form.links')}</legend>
          <span class="hint" id="n-sdg_links-hint">{t('prizes.form.linksHint')}</span>
          {form.sdg_links.map((link, i) => (
            <div class="sdg-link" key={i} data-link={i}>
              <SelectField id={`n-link-${i}-action_line`} label={t('prizes.form.linkActionLine', { n: i + 1 })}
                value={link.action_line} onChange={(v) => setLink(i, 'action_line', v)}
                options={labels.actionLines.map((a) => ({ value: a.code, label: `${a.code} ${a.title}` }))} />
              <SelectField id={`n-link-${i}-goal`} label={t('prizes.form.linkGoal', { n: i + 1 })} value={link.goal}
                onChange={(v) => setLink(i, 'goal', v)}
                options={labels.sdgs.map((g) => ({ value: String(g.number), label: `${g.number}. ${g.short}` }))} />
              <TextField id={`n-link-${i}-explanation`} label={t('prizes.form.linkExplanation', { n: i + 1 })} multiline
                maxLength={1000} value={link.explanation} onInput={(v) => setLink(i, 'explanation', v)} />
              {form.sdg_links.length > 1 && (
                <button type="button" class="secondary" onClick={() => update('sdg_links', form.sdg_links.filter((_, j) => j !== i))}>
                  {t('prizes.form.removeLink', { n: i + 1 })}
                </button>
              )}
            </div>
          ))}
          {form.sdg_links.length < 20 && (
            <button type="button" class="secondary" onClick={() => update('sdg_links',
              [...form.sdg_links, { action_line: '', goal: '', explanation: '' }])}>{t('prizes.form.addLink')}</button>
          )}
          {linksError && <span id="n-sdg_links-error" class="error">{linksError}</span>}
        </fieldset>
        {text('impact')}
        {text('partnerships')}
        {text('challenges')}
        {server.form && <p class="form-error">{server.form}</p>}
        <div class="actions">
          <button type="submit" disabled={busy} data-action="save-nomination">
            {nomination ? t('common.save') : t('prizes.form.submit')}
          </button>
          <a href={href(`prizes/${cycle.id}/mine`)}>{t('prizes.mine.title')}</a>
        </div>
      </form>
      <p class="hint">{t('prizes.form.deadline', { date: formatInstant(lang, cycle.phases.nominations.closes) })}</p>
    </>
  );
}
