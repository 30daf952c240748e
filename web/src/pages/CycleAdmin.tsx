// Administrators: open a prize cycle (/prizes/new), change it (/prizes/{cycle}/admin) until voting
// opens, and assign experts to its categories (granting the prize expert role first if needed).
// The server holds the rules and the permissions: this page checks the form as the server
// would, but shows the server's own refusal (403 for others than administrators, 409 once voting
// opened) in the page language.
import { useMemo, useState } from 'preact/hooks';
import { useApp, useTitle } from '../context';
import { useAsync } from '../hooks';
import { ApiError, get, send } from '../api/client';
import type { User } from '../api/types';
import { navigate, type PageProps } from '../router';
import { CheckList, FormAlert, SelectField, TextField } from '../components/Form';
import { Loading } from '../components/Status';
import { RequireLogin } from '../components/RequireLogin';
import { phaseState, type Cycle } from '../prizes/model';
import {
  CYCLE_INSTANTS, RUBRIC_LIMITS, RULE_RANGES, cycleBody, cycleField, emptyCycleForm, fromCycle, validateCycle, type CycleForm,
  type CycleInstant, type IntegerRule, type RubricRow,
} from '../prizes/admin';
import { CategoryName, formatInstant, useCycle, usePrizeCategories } from '../prizes/ui';
import { ServerProblem, criterionName } from '../prizes/adminUi';

export default function CycleAdmin({ params, query }: PageProps) {
  const { t } = useApp();
  const title = t(params.cycle ? 'prizes.admin.editTitle' : 'prizes.admin.newTitle');
  useTitle(title);
  return (
    <RequireLogin title={title}>
      {params.cycle ? <EditCycle id={params.cycle} created={query.get('created') === '1'} /> : <NewCycle />}
    </RequireLogin>
  );
}

function NewCycle() {
  const { t, lang } = useApp();
  const names = usePrizeCategories(lang);
  if (names.error) return <><h1 tabIndex={-1}>{t('prizes.admin.newTitle')}</h1><ServerProblem error={names.error} /></>;
  if (!names.data) return <Loading />;
  return (
    <>
      <h1 tabIndex={-1}>{t('prizes.admin.newTitle')}</h1>
      <p>{t('prizes.admin.intro')}</p>
      <CycleFormView cycle={null} names={names.data} />
    </>
  );
}

/** Every account holding the prize expert role: a few, read page by page from the filtered list. */
async function loadExperts(signal: AbortSignal): Promise<User[]> {
  const users: User[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const answer: { items: User[]; next_cursor: string | null } = await get(
      `/api/v1/users?role=prize_expert&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, signal);
    users.push(...answer.items);
    cursor = answer.next_cursor;
    if (!cursor) break;
  }
  return users;
}

function EditCycle({ id, created }: { id: string; created: boolean }) {
  const { t, lang, href } = useApp();
  const cycle = useCycle(id);
  const names = usePrizeCategories(lang);
  // Read first, for the experts; only moderators and administrators may list accounts, so anyone
  // else reads the server's refusal here rather than a form they could not use.
  const experts = useAsync(loadExperts, []);
  const heading = <h1 tabIndex={-1}>{t('prizes.admin.editTitle')}</h1>;
  const error = cycle.error ?? experts.error ?? names.error;
  if (error) return <>{heading}<ServerProblem error={error} /></>;
  if (!cycle.data || !experts.data || !names.data) return <Loading />;
  const c = cycle.data;
  const votingOpened = phaseState(c, 'voting', Date.now()) !== 'upcoming';
  return (
    <>
      {heading}
      <p><a href={href(`prizes/${c.id}`)}>{c.title}</a></p>
      {votingOpened && (
        <p class="notice" data-frozen>{t('prizes.admin.frozen', { date: formatInstant(lang, c.phases.voting.opens) })}</p>
      )}
      <CycleFormView key={c.id} cycle={c} names={names.data} created={created} onSaved={cycle.reload} />
      <Experts cycle={c} experts={experts.data} names={names.data} onGranted={experts.reload} />
    </>
  );
}

const fieldId = (key: string) => `c-${key.replace(/\//g, '-')}`;

function CycleFormView({ cycle, names, created, onSaved }: {
  cycle: Cycle | null; names: Map<string, string>; created?: boolean; onSaved?(): void;
}) {
  const { t, href } = useApp();
  const initial = useMemo(() => cycle ? fromCycle(cycle) : emptyCycleForm(new Date().getUTCFullYear() + 1, [...names.keys()]),
    [cycle?.id]);
  const [form, setForm] = useState<CycleForm>(initial);
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState('');
  const [status, setStatus] = useState(created ? t('prizes.admin.created') : '');
  const [busy, setBusy] = useState(false);
  const problems = validateCycle(form);
  const errorOf = (key: string): string | undefined => {
    if (server[key]) return server[key];
    const p = problems[key];
    return p && submitted ? t(p.key, p.values) : undefined;
  };
  const change = (next: CycleForm, key: string) => {
    setForm(next);
    if (server[key]) setServer({ ...server, [key]: '' });
  };
  const setRule = <K extends keyof CycleForm['rules']>(name: K, value: CycleForm['rules'][K]) =>
    change({ ...form, rules: { ...form.rules, [name]: value } }, `rules/${name}`);
  const setInstant = (key: CycleInstant, value: string) =>
    change({ ...form, instants: { ...form.instants, [key]: value } }, key);
  // Rows added or removed: the server's refusals named rows by their old numbers, so all go.
  const changeRubric = (rubric: RubricRow[]) => {
    setForm({ ...form, rubric });
    setServer(Object.fromEntries(Object.entries(server).filter(([key]) => !key.startsWith('rules/rubric'))));
  };
  const setCriterion = (index: number, patch: Partial<RubricRow>, field: keyof RubricRow) =>
    change({ ...form, rubric: form.rubric.map((c, i) => (i === index ? { ...c, ...patch } : c)) }, `rules/rubric/${index}/${field}`);

  function focusField(key: string) {
    requestAnimationFrame(() => {
      const el = document.getElementById(fieldId(key));
      if (el) (el.tagName === 'FIELDSET' ? el.querySelector<HTMLElement>('input, select') : el)?.focus();
      else {
        // A refusal of the whole form: its message, at the top of a long form, is brought into
        // view and focus (it is announced as an alert either way).
        const alert = document.getElementById('form-alert');
        alert?.setAttribute('tabindex', '-1');
        alert?.focus();
      }
    });
  }

  async function save(event: Event) {
    event.preventDefault();
    setSubmitted(true);
    setStatus('');
    const bad = Object.keys(problems);
    if (bad.length) {
      setAlert(t('submit.fixErrors', { count: bad.length }));
      // In the form's order, which is the order of the checks' keys only roughly.
      const order = ['year', 'title', 'categories', ...CYCLE_INSTANTS, ...Object.keys(RULE_RANGES).map((r) => `rules/${r}`),
        ...form.rubric.flatMap((_, i) => [`rules/rubric/${i}/key`, `rules/rubric/${i}/max`]), 'rules/rubric'];
      focusField(order.find((k) => bad.includes(k)) ?? bad[0]);
      return;
    }
    setAlert('');
    setBusy(true);
    try {
      const saved = await send<Cycle>(cycle ? 'PUT' : 'POST', cycle ? `/api/v1/prizes/cycles/${cycle.id}` : '/api/v1/prizes/cycles',
        cycleBody(form));
      setServer({});
      if (!cycle) navigate(href(`prizes/${saved.id}/admin?created=1`));
      else {
        setStatus(t('prizes.admin.saved'));
        onSaved?.();
      }
    } catch (error) {
      if (error instanceof ApiError && error.errors.length) {
        const byField: Record<string, string> = {};
        for (const e of error.errors) {
          const key = cycleField(e.field);
          byField[key] = byField[key] ? `${byField[key]} ${e.message}` : e.message;
        }
        setServer(byField);
        setAlert(`${error.detail} ${t('submit.fixErrors', { count: error.errors.length })}${byField.form ? ` ${byField.form}` : ''}`);
        const first = Object.keys(byField)[0];
        focusField(first);
      } else {
        // A refusal without fields (403: not an administrator): the server's words. (A change to
        // what voting froze comes with fields, above.)
        setAlert(error instanceof ApiError && error.detail ? error.detail : t('error.load'));
        focusField('alert');
      }
    } finally {
      setBusy(false);
    }
  }

  const checkbox = (name: 'one_category_per_project' | 'past_winners_ineligible' | 'vote_changeable' | 'publish_expert_names') => (
    <label class="check" key={name}>
      <input type="checkbox" id={fieldId(`rules/${name}`)} checked={form.rules[name]}
        onChange={(e) => setRule(name, (e.target as HTMLInputElement).checked)} /> {t(`prizes.admin.rule.${name}`)}
    </label>
  );
  const integer = (name: IntegerRule) => (
    <TextField key={name} id={fieldId(`rules/${name}`)} type="number" required label={t(`prizes.admin.rule.${name}`)}
      value={form.rules[name]} error={errorOf(`rules/${name}`)} onInput={(v) => setRule(name, v)} />
  );
  return (
    <form class="cycle-form" noValidate onSubmit={save} data-cycle-form={cycle ? 'edit' : 'new'}>
      <FormAlert message={alert} />
      <fieldset>
        <legend>{t('prizes.admin.cycle')}</legend>
        <TextField id={fieldId('year')} type="number" required label={t('prizes.admin.year')} value={form.year}
          hint={cycle ? t('prizes.admin.yearFixed') : undefined} error={errorOf('year')}
          onInput={(v) => change({ ...form, year: v }, 'year')} />
        <TextField id={fieldId('title')} required maxLength={200} label={t('prizes.admin.cycleTitle')} value={form.title}
          error={errorOf('title')} onInput={(v) => change({ ...form, title: v }, 'title')} />
      </fieldset>
      <CheckList id={fieldId('categories')} legend={t('prizes.categories')} filterable selected={form.categories}
        options={[...names.keys()].map((code) => ({ value: code, label: `${code} · ${names.get(code)}` }))}
        error={errorOf('categories')} onChange={(v) => change({ ...form, categories: v }, 'categories')} />
      <fieldset>
        <legend>{t('prizes.admin.phases')}</legend>
        <p class="hint">{t('prizes.admin.phasesHint')}</p>
        <div class="instants">
          {CYCLE_INSTANTS.map((key) => {
            const [, phase, edge] = key.split('/');
            const label = phase === 'results' ? t('prizes.admin.resultsAt')
              : t(edge === 'opens' ? 'prizes.admin.opens' : 'prizes.admin.closes', { phase: t(`prizes.phase.${phase}`) });
            return <InstantField key={key} id={fieldId(key)} label={label} value={form.instants[key]} error={errorOf(key)}
              onInput={(v) => setInstant(key, v)} />;
          })}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('prizes.admin.rules')}</legend>
        {integer('entries_per_organisation_per_category')}
        {checkbox('one_category_per_project')}
        {checkbox('past_winners_ineligible')}
        {checkbox('vote_changeable')}
        {integer('finalists_per_category')}
        {integer('champions_per_category')}
        <SelectField id={fieldId('rules/tie_break')} label={t('prizes.admin.rule.tie_break')} value={form.rules.tie_break}
          options={(['earliest_nomination', 'seeded_draw'] as const).map((v) => ({ value: v, label: t(`prizes.admin.tieBreak.${v}`) }))}
          onChange={(v) => v && setRule('tie_break', v as CycleForm['rules']['tie_break'])} error={errorOf('rules/tie_break')} />
        {checkbox('publish_expert_names')}
        {integer('votes_per_account_per_minute')}
        {integer('votes_per_network_per_minute')}
        <fieldset id={fieldId('rules/rubric')} class="rubric" data-rubric>
          <legend>{t('prizes.admin.rubric')}</legend>
          <p class="hint">{t('prizes.admin.rubricHint')}</p>
          {form.rubric.map((c, i) => {
            const number = i + 1;
            const shown = criterionName(t, c.key.trim());
            return (
              <div class="rubric-row" key={i} data-criterion={number}>
                <TextField id={fieldId(`rules/rubric/${i}/key`)} required maxLength={RUBRIC_LIMITS.keyChars}
                  label={t('prizes.admin.criterion', { n: number })} value={c.key} error={errorOf(`rules/rubric/${i}/key`)}
                  hint={c.key.trim() && shown !== c.key.trim() ? t('prizes.admin.criterionShown', { name: shown }) : undefined}
                  onInput={(v) => setCriterion(i, { key: v }, 'key')} />
                <TextField id={fieldId(`rules/rubric/${i}/max`)} type="number" required label={t('prizes.admin.criterionMax')}
                  value={c.max} error={errorOf(`rules/rubric/${i}/max`)} onInput={(v) => setCriterion(i, { max: v }, 'max')} />
                <button type="button" class="secondary" data-action="remove-criterion"
                  onClick={() => changeRubric(form.rubric.filter((_, j) => j !== i))}>
                  {t('prizes.admin.removeCriterion', { n: number })}
                </button>
              </div>
            );
          })}
          {form.rubric.length < RUBRIC_LIMITS.criteria && (
            <button type="button" class="secondary" data-action="add-criterion"
              onClick={() => {
                changeRubric([...form.rubric, { key: '', max: '10' }]);
                focusField(`rules/rubric/${form.rubric.length}/key`);
              }}>{t('prizes.admin.addCriterion')}</button>
          )}
          {errorOf('rules/rubric') && <p class="form-error" data-rubric-error>{errorOf('rules/rubric')}</p>}
        </fieldset>
      </fieldset>
      <button type="submit" disabled={busy} data-action="save-cycle">{t(cycle ? 'prizes.admin.save' : 'prizes.admin.create')}</button>
      <p role="status" aria-live="polite" data-cycle-saved={status ? 'yes' : undefined}
        class={status ? 'notice ok' : undefined}>{status}</p>
    </form>
  );
}

/** A date and time read as UTC (datetime-local has no zone: the label and hint say UTC). */
function InstantField({ id, label, value, error, onInput }: {
  id: string; label: string; value: string; error?: string; onInput(v: string): void;
}) {
  return (
    <div class="field" data-field={id}>
      <label for={id}>{label}</label>
      <input id={id} type="datetime-local" step={1} dir="ltr" value={value} aria-invalid={!!error} aria-required
        aria-describedby={error ? `${id}-error` : undefined} onInput={(e) => onInput((e.target as HTMLInputElement).value)} />
      {error && <span id={`${id}-error`} class="error">{error}</span>}
    </div>
  );
}

interface ExpertListing {
  user_ids?: number[];
  names: string[];
}

/** The experts of each category: the overview, then one category's chosen among the prize experts. */
function Experts({ cycle, experts, names, onGranted }: {
  cycle: Cycle; experts: User[]; names: Map<string, string>; onGranted(): void;
}) {
  const { t } = useApp();
  const listings = useAsync((signal) => Promise.all(cycle.categories.map((code) =>
    get<ExpertListing>(`/api/v1/prizes/cycles/${cycle.id}/categories/${encodeURIComponent(code)}/experts`, signal))), [cycle.id]);
  const [category, setCategory] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [alert, setAlert] = useState('');
  const byCategory = new Map(cycle.categories.map((code, i) => [code, listings.data?.[i]]));

  function pick(code: string) {
    setCategory(code);
    setStatus('');
    setAlert('');
    setChosen((byCategory.get(code)?.user_ids ?? []).map(String));
  }

  async function save(event: Event) {
    event.preventDefault();
    if (!category) return;
    try {
      const saved = await send<ExpertListing>('PUT',
        `/api/v1/prizes/cycles/${cycle.id}/categories/${encodeURIComponent(category)}/experts`, { user_ids: chosen.map(Number) });
      setAlert('');
      setStatus(t('prizes.experts.saved', { category, names: saved.names.join(t('common.listSeparator')) || t('prizes.experts.none') }));
      listings.reload();
    } catch (error) {
      setStatus('');
      setAlert(error instanceof ApiError ? [error.detail, ...error.errors.map((e) => e.message)].join(' ') : t('error.load'));
    }
  }

  return (
    <section aria-labelledby="experts-heading" class="experts">
      <h2 id="experts-heading">{t('prizes.experts.title')}</h2>
      <p>{t('prizes.experts.intro')}</p>
      {listings.error ? <ServerProblem error={listings.error} /> : !listings.data ? <Loading /> : (
        <table data-experts-overview>
          <caption class="visually-hidden">{t('prizes.experts.title')}</caption>
          <thead><tr><th scope="col">{t('prizes.form.category')}</th><th scope="col">{t('prizes.experts.names')}</th></tr></thead>
          <tbody>
            {cycle.categories.map((code) => (
              <tr key={code} data-category={code}>
                <th scope="row"><CategoryName code={code} names={names} /></th>
                <td>{byCategory.get(code)?.names.join(t('common.listSeparator')) || t('prizes.experts.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {experts.length === 0 ? <p class="notice" data-no-experts>{t('prizes.experts.noExperts')}</p> : (
        <form noValidate onSubmit={save} class="experts-form">
          <SelectField id="x-category" label={t('prizes.form.category')} value={category} onChange={pick}
            options={cycle.categories.map((code) => ({ value: code, label: `${code} · ${names.get(code) ?? ''}` }))} />
          {category && (
            <>
              <CheckList id="x-experts" legend={t('prizes.experts.choose', { category })} selected={chosen} onChange={setChosen}
                options={experts.map((u) => ({ value: String(u.id), label: t('prizes.experts.user', { name: u.display_name, email: u.email }) }))} />
              <button type="submit" data-action="save-experts">{t('prizes.experts.save')}</button>
            </>
          )}
          <div role="alert" class={alert ? 'notice error' : undefined}>{alert}</div>
          <p role="status" aria-live="polite" data-experts-saved={status ? category : undefined}
            class={status ? 'notice ok' : undefined}>{status}</p>
        </form>
      )}
      <GrantExpert onGranted={onGranted} />
    </section>
  );
}

/**
 * The prize expert role added to an account's granted roles (the others kept). The account is
 * found by a piece of its email or name: a cycle has many thousands of voters' accounts, too many
 * to list.
 */
function GrantExpert({ onGranted }: { onGranted(): void }) {
  const { t } = useApp();
  const [text, setText] = useState('');
  const [found, setFound] = useState<User[] | null>(null);
  const [user, setUser] = useState('');
  const [status, setStatus] = useState('');
  const [alert, setAlert] = useState('');
  const failed = (error: unknown) => {
    setStatus('');
    setAlert(error instanceof ApiError ? [error.detail, ...error.errors.map((e) => e.message)].join(' ') : t('error.load'));
  };

  async function find(event: Event) {
    event.preventDefault();
    const wanted = text.trim();
    if (wanted.length < 2) {
      setAlert(t('prizes.experts.searchShort'));
      document.getElementById('g-search')?.focus();
      return;
    }
    try {
      const answer = await get<{ items: User[] }>(`/api/v1/users?q=${encodeURIComponent(wanted)}&limit=20`);
      const others = answer.items.filter((u) => !u.roles.includes('prize_expert'));
      setAlert('');
      setFound(others);
      setUser(others.length === 1 ? String(others[0].id) : '');
      setStatus(others.length === 0 ? t('prizes.experts.noneFound', { text: wanted })
        : t('prizes.experts.found', { count: others.length }));
    } catch (error) {
      failed(error);
    }
  }

  async function grant(event: Event) {
    event.preventDefault();
    const chosen = found?.find((u) => String(u.id) === user);
    if (!chosen) {
      setAlert(t('validate.required'));
      document.getElementById('g-user')?.focus();
      return;
    }
    try {
      // Granted roles only: focal points are made through their organisation's members.
      const roles = chosen.roles.filter((r) => ['moderator', 'administrator'].includes(r));
      await send('PUT', `/api/v1/users/${chosen.id}/roles`, { roles: [...roles, 'prize_expert'] });
      setAlert('');
      setUser('');
      setFound(null);
      setText('');
      setStatus(t('prizes.experts.granted', { name: chosen.display_name }));
      onGranted();
    } catch (error) {
      failed(error);
    }
  }

  return (
    <div class="grant-form">
      <h3>{t('prizes.experts.grantTitle')}</h3>
      <form noValidate onSubmit={find} role="search">
        <TextField id="g-search" label={t('prizes.experts.search')} hint={t('prizes.experts.searchHint')} value={text}
          onInput={setText} maxLength={100} autocomplete="off" />
        <button type="submit" class="secondary" data-action="find-account">{t('prizes.experts.find')}</button>
      </form>
      {found && found.length > 0 && (
        <form noValidate onSubmit={grant}>
          <SelectField id="g-user" label={t('prizes.experts.account')} value={user} onChange={setUser}
            options={found.map((u) => ({ value: String(u.id), label: t('prizes.experts.user', { name: u.display_name, email: u.email }) }))} />
          <button type="submit" class="secondary" data-action="grant-expert">{t('prizes.experts.grant')}</button>
        </form>
      )}
      <div role="alert" class={alert ? 'notice error' : undefined}>{alert}</div>
      <p role="status" aria-live="polite" class={status ? 'notice ok' : undefined}
        data-granted={status && !found ? 'yes' : undefined} data-found={found ? found.length : undefined}>{status}</p>
    </div>
  );
}
