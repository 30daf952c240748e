// The expert workspace: the nominations of the expert's categories that they may see (never their
// own organisation's, nor those they declared a conflict with, nor projects still in
// moderation), each scored against the cycle's rubric and found eligible or not with a reason;
// or a conflict of interest declared, which takes it out of the queue (and drops the expert's
// review of it). Above, the expert's categories (those with a nomination they may see: the API
// has no "my categories" route) and their past reviews, as the server has them.
import { useState } from 'preact/hooks';
import { useApp, useTitle, hasRole } from '../context';
import { useAsync } from '../hooks';
import { ApiError, get, send } from '../api/client';
import type { PageProps } from '../router';
import { fieldErrors, FormAlert, TextField } from '../components/Form';
import { LoadError, Loading } from '../components/Status';
import { RequireLogin } from '../components/RequireLogin';
import { useLabels, type Labels } from '../labels';
import { phaseState, type Cycle, type Nomination, type Review } from '../prizes/model';
import { CategoryName, formatInstant, useCycle, usePrizeCategories } from '../prizes/ui';
import { criterionName } from '../prizes/adminUi';

export default function ExpertReview({ params }: PageProps) {
  const { t } = useApp();
  useTitle(t('prizes.review.title'));
  return (
    <RequireLogin title={t('prizes.review.title')}>
      <Workspace cycleId={params.cycle} />
    </RequireLogin>
  );
}

function Workspace({ cycleId }: { cycleId: string }) {
  const { t, lang, href, session } = useApp();
  const cycle = useCycle(cycleId);
  const expert = hasRole(session, 'prize_expert');
  const queue = useAsync((signal) => expert
    ? get<{ items: Nomination[] }>(`/api/v1/prizes/cycles/${encodeURIComponent(cycleId)}/review-queue`, signal)
    : Promise.resolve({ items: [] }), [cycleId, expert]);
  const names = usePrizeCategories(lang);
  const labels = useLabels(lang);
  const [message, setMessage] = useState('');
  // The expert's own reviews in this cycle, as the server has them; one just saved is shown at
  // once from the answer to its PUT.
  const mine = useAsync((signal) => expert
    ? get<{ items: Review[] }>(`/api/v1/prizes/cycles/${encodeURIComponent(cycleId)}/reviews/mine`, signal)
    : Promise.resolve({ items: [] }), [cycleId, expert]);
  // The categories the expert is assigned to, listed even when no nomination in them is theirs to see.
  const assigned = useAsync((signal) => expert
    ? get<{ items: string[] }>(`/api/v1/prizes/cycles/${encodeURIComponent(cycleId)}/categories/mine`, signal)
    : Promise.resolve({ items: [] }), [cycleId, expert]);
  const [saved, setSaved] = useState<Record<string, Review>>({});
  const reviews: Record<string, Review> = {
    ...Object.fromEntries((mine.data?.items ?? []).map((r) => [r.nomination_id, r])), ...saved };
  const heading = <h1 tabIndex={-1}>{t('prizes.review.title')}</h1>;
  if (!expert) return <>{heading}<p class="notice">{t('prizes.review.expertsOnly')}</p></>;
  if (cycle.error || queue.error || mine.error || assigned.error)
    return <>{heading}<LoadError error={cycle.error ?? queue.error ?? mine.error ?? assigned.error} /></>;
  if (!cycle.data || !queue.data || !mine.data || !assigned.data) return <Loading />;
  const open = phaseState(cycle.data, 'review', Date.now()) === 'open';
  const categories = [...new Set([...assigned.data.items, ...queue.data.items.map((n) => n.category)])];
  const reviewed = queue.data.items.filter((n) => reviews[n.id]);
  return (
    <>
      {heading}
      <p><a href={href(`prizes/${cycle.data.id}`)}>{cycle.data.title}</a></p>
      <p>{t('prizes.review.intro')}</p>
      {!open && <p class="notice">{t('prizes.review.closed')}</p>}
      <FormAlert message={message} kind="ok" />
      {categories.length === 0 ? <p>{t('prizes.review.empty')}</p> : (
        <>
          <h2>{t('prizes.review.categories')}</h2>
          <ul data-my-categories>{categories.map((c) => {
            const items = queue.data!.items.filter((n) => n.category === c);
            return (
              <li key={c} data-category={c}>
                {items.length ? <a href={`#cat-${c}`}><CategoryName code={c} names={names.data} /></a>
                  : <CategoryName code={c} names={names.data} />}{' '}
                <span class="meta">({t('prizes.review.progress', { count: items.length,
                  reviewed: items.filter((n) => reviews[n.id]).length })})</span></li>
            );
          })}</ul>
          <section aria-labelledby="past-heading">
            <h2 id="past-heading">{t('prizes.review.past')}</h2>
            {reviewed.length === 0 ? <p>{t('prizes.review.noPast')}</p> : (
              <ul data-past-reviews>
                {reviewed.map((n) => (
                  <li key={n.id} data-nomination-id={n.id}>
                    <a href={`#nomination-${n.id}`} dir="auto">{n.entry_title}</a> ({n.category}):{' '}
                    <ReviewSummary review={reviews[n.id]} cycle={cycle.data!} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          {categories.filter((c) => queue.data!.items.some((n) => n.category === c)).map((c) => (
            <section key={c} id={`cat-${c}`} aria-labelledby={`cat-${c}-h`}>
              <h2 id={`cat-${c}-h`}><CategoryName code={c} names={names.data} /></h2>
              {queue.data!.items.filter((n) => n.category === c).map((n) => (
                <NominationCard key={n.id} nomination={n} cycle={cycle.data!} open={open} labels={labels.data}
                  review={reviews[n.id]} onSaved={(r) => setSaved({ ...saved, [n.id]: r })}
                  onConflict={() => {
                    // The server dropped the expert's review of it along with the nomination.
                    const { [n.id]: _dropped, ...others } = saved;
                    setSaved(others);
                    mine.reload();
                    setMessage(t('prizes.review.conflictDeclared', { title: n.entry_title }));
                    queue.reload();
                  }} />
              ))}
            </section>
          ))}
        </>
      )}
    </>
  );
}

/** A review in a line: eligible or not, the total and each score, the reason, when. */
function ReviewSummary({ review, cycle }: { review: Review; cycle: Cycle }) {
  const { t, tr, lang } = useApp();
  const max = cycle.rules.rubric.reduce((sum, c) => sum + c.max, 0);
  return (
    <span data-eligible={review.eligible ? 'yes' : 'no'}>
      <strong>{t(review.eligible ? 'prizes.review.eligibleYes' : 'prizes.review.eligibleNo')}</strong>
      {' · '}{t('prizes.review.total', { total: tr.number(review.total), max: tr.number(max) })}
      {' ('}{cycle.rules.rubric.filter((c) => c.key in review.scores).map((c) =>
        `${criterionName(t, c.key)} ${tr.number(review.scores[c.key])}`).join(t('common.listSeparator'))}{')'}
      {' · '}<q dir="auto">{review.reason}</q>{' · '}{formatInstant(lang, review.at)}
    </span>
  );
}

function NominationCard({ nomination: n, cycle, open, labels, review, onSaved, onConflict }: {
  nomination: Nomination; cycle: Cycle; open: boolean; labels?: Labels; review?: Review; onSaved(r: Review): void;
  onConflict(): void;
}) {
  const { t, href } = useApp();
  const rubric = cycle.rules.rubric;
  // The form starts from the expert's earlier review, if this browser (or the server) has it.
  const [scores, setScores] = useState<Record<string, string>>(() =>
    review ? Object.fromEntries(Object.entries(review.scores).map(([k, v]) => [k, String(v)])) : {});
  const [eligible, setEligible] = useState<'' | 'yes' | 'no'>(review ? (review.eligible ? 'yes' : 'no') : '');
  const [reason, setReason] = useState(review?.reason ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState('');
  const [saved, setSaved] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const id = (part: string) => `r-${n.id}-${part}`;

  function check(): Record<string, string> {
    const e: Record<string, string> = {};
    for (const c of rubric) {
      const v = Number(scores[c.key]);
      if (scores[c.key] === undefined || scores[c.key] === '' || !Number.isInteger(v) || v < 0 || v > c.max)
        e[`scores/${c.key}`] = t('prizes.review.scoreRange', { max: c.max });
    }
    if (!eligible) e.eligible = t('validate.required');
    if (!reason.trim()) e.reason = t('validate.required');
    return e;
  }

  async function save(ev: Event) {
    ev.preventDefault();
    const e = check();
    setErrors(e);
    setSaved(false);
    if (Object.keys(e).length) {
      setAlert(t('submit.fixErrors', { count: Object.keys(e).length }));
      const first = Object.keys(e)[0];
      requestAnimationFrame(() => document.getElementById(first === 'eligible' ? id('eligible-yes')
        : first === 'reason' ? id('reason') : id(`score-${rubric.findIndex((c) => `scores/${c.key}` === first)}`))?.focus());
      return;
    }
    setAlert('');
    try {
      const saved = await send<Review>('PUT', `/api/v1/prizes/nominations/${n.id}/review`, {
        scores: Object.fromEntries(rubric.map((c) => [c.key, Number(scores[c.key])])),
        eligible: eligible === 'yes', reason: reason.trim() });
      onSaved(saved);
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.errors.length) {
        setErrors(fieldErrors(error.errors, (path) => path));
        setAlert(`${error.detail} ${t('submit.fixErrors', { count: error.errors.length })}`);
      } else setAlert(error instanceof ApiError ? error.detail : t('error.load'));
    }
  }

  async function declare(ev: Event) {
    ev.preventDefault();
    if (!conflict?.trim()) {
      setErrors({ conflict: t('validate.required') });
      document.getElementById(id('conflict'))?.focus();
      return;
    }
    try {
      await send('POST', `/api/v1/prizes/cycles/${cycle.id}/conflicts`, { nomination_id: n.id, reason: conflict.trim() });
      onConflict();
    } catch (error) {
      const byField = error instanceof ApiError ? fieldErrors(error.errors) : {};
      setErrors({ conflict: byField.reason ?? (error instanceof ApiError ? error.detail : t('error.load')) });
    }
  }

  return (
    <article class="card nomination" data-nomination-id={n.id} id={`nomination-${n.id}`}>
      <h3 dir="auto"><a href={href(`entries/${n.entry_id}`)}>{n.entry_title}</a></h3>
      {review && <p class="notice ok" data-past-review>{t('prizes.review.yourSaved')} <ReviewSummary review={review} cycle={cycle} /></p>}
      <h4>{t('prizes.form.summary')}</h4>
      <p dir="auto" class="answer">{n.answers.summary}</p>
      <h4>{t('prizes.form.links')}</h4>
      <ul>
        {n.answers.sdg_links.map((l, i) => (
          <li key={i}>{labels?.actionLineNames.get(l.action_line) ?? l.action_line} ↔ {labels?.sdgNames.get(String(l.goal)) ?? l.goal}:{' '}
            <span dir="auto">{l.explanation}</span></li>
        ))}
      </ul>
      {(['impact', 'partnerships', 'challenges'] as const).map((f) => (
        <div key={f}><h4>{t(`prizes.form.${f}`)}</h4><p dir="auto" class="answer">{n.answers[f]}</p></div>
      ))}
      {open && (
        <>
          <form class="review-form" noValidate onSubmit={save}>
            <h4>{t('prizes.review.yourReview')}</h4>
            <div role="alert" class={alert ? 'notice error' : undefined}>{alert}</div>
            <div class="scores">
              {rubric.map((c, i) => (
                // By position: a criterion's name is the administrator's own text ("Gender
                // inclusion", in any script), not fit for an id.
                <TextField key={c.key} id={id(`score-${i}`)} type="number" required
                  label={t('prizes.review.score', { criterion: criterionName(t, c.key), max: c.max })}
                  value={scores[c.key] ?? ''} error={errors[`scores/${c.key}`]}
                  onInput={(v) => setScores({ ...scores, [c.key]: v })} />
              ))}
            </div>
            <fieldset class="field" aria-describedby={errors.eligible ? id('eligible-error') : undefined}>
              <legend>{t('prizes.review.eligible')}</legend>
              <label><input type="radio" name={id('eligible')} id={id('eligible-yes')} checked={eligible === 'yes'}
                onChange={() => setEligible('yes')} /> {t('prizes.review.eligibleYes')}</label>
              <label><input type="radio" name={id('eligible')} id={id('eligible-no')} checked={eligible === 'no'}
                onChange={() => setEligible('no')} /> {t('prizes.review.eligibleNo')}</label>
              {errors.eligible && <span id={id('eligible-error')} class="error">{errors.eligible}</span>}
            </fieldset>
            <TextField id={id('reason')} label={t('prizes.review.reason')} multiline maxLength={2000} required value={reason}
              error={errors.reason} onInput={setReason} />
            <button type="submit" data-action="save-review">{t('prizes.review.save')}</button>
            <p role="status" data-review-saved={saved ? 'yes' : undefined}>{saved ? t('prizes.review.saved') : ''}</p>
          </form>
          {conflict === null ? (
            <button type="button" class="secondary" data-action="conflict" onClick={() => setConflict('')}>
              {t('prizes.review.declareConflict')}</button>
          ) : (
            <form noValidate onSubmit={declare} class="conflict-form">
              <TextField id={id('conflict')} label={t('prizes.review.conflictReason')} multiline maxLength={1000} required
                value={conflict} error={errors.conflict} onInput={setConflict} />
              <button type="submit" class="danger" data-action="confirm-conflict">{t('prizes.review.confirmConflict')}</button>{' '}
              <button type="button" class="secondary" onClick={() => setConflict(null)}>{t('prizes.mine.keep')}</button>
            </form>
          )}
        </>
      )}
    </article>
  );
}
