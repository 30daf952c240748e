// The expert group's pick: between voting's close and the results, a category's experts (or an
// administrator) see its finalists, the most voted, in nomination order and without counts, and
// pick the winner; the other finalists become champions. The server decides who may pick where
// (the categories it refuses are left out; if it refuses them all, its refusal is shown) and
// refuses a nomination of the picker's own organisation or one they declared a conflict on.
import { useState } from 'preact/hooks';
import { useApp, useTitle } from '../context';
import { useAsync } from '../hooks';
import { ApiError, get, send } from '../api/client';
import type { PageProps } from '../router';
import { Loading } from '../components/Status';
import { RequireLogin } from '../components/RequireLogin';
import { phaseState, type Cycle, type Finalist } from '../prizes/model';
import { championsAfterPick } from '../prizes/admin';
import { CategoryName, formatInstant, useCycle, usePrizeCategories } from '../prizes/ui';
import { ServerProblem } from '../prizes/adminUi';

export default function WinnerPick({ params }: PageProps) {
  const { t } = useApp();
  useTitle(t('prizes.pick.title'));
  return (
    <RequireLogin title={t('prizes.pick.title')}>
      <Pick cycleId={params.cycle} />
    </RequireLogin>
  );
}

type Category = { code: string; finalists: Finalist[] };

function Pick({ cycleId }: { cycleId: string }) {
  const { t, lang, href } = useApp();
  const cycle = useCycle(cycleId);
  const names = usePrizeCategories(lang);
  const heading = <h1 tabIndex={-1}>{t('prizes.pick.title')}</h1>;
  if (cycle.error) return <>{heading}<ServerProblem error={cycle.error} /></>;
  if (!cycle.data) return <Loading />;
  const c = cycle.data;
  const now = Date.now();
  const votingOver = phaseState(c, 'voting', now) === 'closed';
  const resultsOut = phaseState(c, 'results', now) === 'open';
  return (
    <>
      {heading}
      <p><a href={href(`prizes/${c.id}`)}>{c.title}</a> · {t('prizes.pick.window', { from: formatInstant(lang, c.phases.voting.closes),
        to: formatInstant(lang, c.phases.results) })}</p>
      <p>{t('prizes.pick.intro', { finalists: c.rules.finalists_per_category })}</p>
      {!votingOver ? <p class="notice">{t('prizes.pick.notYet', { date: formatInstant(lang, c.phases.voting.closes) })}</p>
        : resultsOut ? <p class="notice">{t('prizes.pick.over')} <a href={href(`prizes/${c.id}`)}>{t('prizes.results.title')}</a></p>
        : <Categories cycle={c} names={names.data} />}
    </>
  );
}

function Categories({ cycle, names }: { cycle: Cycle; names?: Map<string, string> }) {
  const { t } = useApp();
  // One request per category: the server answers 403 where the reader is not one of the experts.
  const lists = useAsync(async (signal) => {
    const settled = await Promise.allSettled(cycle.categories.map((code) =>
      get<{ items: Finalist[] }>(`/api/v1/prizes/cycles/${cycle.id}/categories/${encodeURIComponent(code)}/finalists`, signal)));
    const mine: Category[] = [];
    let refusal: unknown = null;
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') {
        if (s.value.items.length) mine.push({ code: cycle.categories[i], finalists: s.value.items });  // none: nothing to pick
      }
      else if (s.reason instanceof ApiError && s.reason.status === 403) refusal ??= s.reason;
      else throw s.reason;
    });
    if (!mine.length && refusal) throw refusal;
    return mine;
  }, [cycle.id]);
  if (lists.error) return <ServerProblem error={lists.error} />;
  if (!lists.data) return <Loading />;
  return (
    <>
      <p class="hint">{t('prizes.pick.replaces')}</p>
      {lists.data.map((category) => <CategoryPick key={category.code} cycle={cycle} category={category} names={names} />)}
    </>
  );
}

function CategoryPick({ cycle, category, names }: { cycle: Cycle; category: Category; names?: Map<string, string> }) {
  const { t, href } = useApp();
  // The pick made so far (by any of the category's experts), as the server has it.
  const earlier = category.finalists.find((f) => f.picked) ?? null;
  const [choice, setChoice] = useState(earlier ? String(earlier.nomination_id) : '');
  const [picked, setPicked] = useState<Finalist | null>(earlier);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const code = category.code;
  const id = (part: string) => `pick-${code}-${part}`;
  const after = championsAfterPick(category.finalists.length, cycle.rules.champions_per_category);

  async function pick(event: Event) {
    event.preventDefault();
    const finalist = category.finalists.find((f) => String(f.nomination_id) === choice);
    if (!finalist) {
      setError(t('validate.required'));
      document.getElementById(id(String(category.finalists[0]?.nomination_id)))?.focus();
      return;
    }
    setBusy(true);
    try {
      await send('PUT', `/api/v1/prizes/cycles/${cycle.id}/categories/${encodeURIComponent(code)}/winner`,
        { nomination_id: finalist.nomination_id });
      setError('');
      setPicked(finalist);
    } catch (e) {
      setPicked(null);
      // own_organisation, declared_conflict (403), not_finalist (422): the field's message says why.
      setError(e instanceof ApiError ? (e.errors.map((f) => f.message).join(' ') || e.detail) : t('error.load'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card pick" data-category={code} aria-labelledby={id('h')}>
      <h2 id={id('h')}><CategoryName code={code} names={names} /></h2>
      {category.finalists.length === 0 ? <p>{t('prizes.pick.noFinalist')}</p> : (
        <form noValidate onSubmit={pick}>
          <fieldset class="field" aria-describedby={error ? id('error') : id('hint')} aria-invalid={!!error}>
            <legend>{t('prizes.pick.legend')}</legend>
            <span id={id('hint')} class="hint">{after.all ? t('prizes.pick.othersChampions', { count: after.others })
              : t('prizes.pick.someChampions', { count: after.champions, others: after.others })}</span>
            <ul class="finalists">
              {category.finalists.map((f) => (
                <li key={f.nomination_id} data-nomination-id={f.nomination_id}>
                  <label>
                    <input type="radio" name={id('choice')} id={id(String(f.nomination_id))} value={String(f.nomination_id)}
                      checked={choice === String(f.nomination_id)} onChange={() => setChoice(String(f.nomination_id))} />{' '}
                    <span dir="auto">{f.title}</span>
                  </label>{' '}
                  <a href={href(`entries/${f.entry_id}`)} class="meta">{t('prizes.pick.readEntry')}
                    <span class="visually-hidden">: {f.title}</span></a>
                </li>
              ))}
            </ul>
            {error && <span id={id('error')} class="error">{error}</span>}
          </fieldset>
          <button type="submit" disabled={busy} data-action="pick-winner">{t('prizes.pick.submit')}</button>
          <p role="status" aria-live="polite" class={picked ? 'notice ok' : undefined} data-picked={picked?.nomination_id}>
            {picked ? t('prizes.pick.picked', { title: picked.title }) : ''}
          </p>
        </form>
      )}
    </section>
  );
}
