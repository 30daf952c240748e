// The WSIS Prizes: the current cycle (or the one in the address), its phases with their dates,
// its categories, what the reader may do now, the results with their counts once published, a
// receipt check against the published log, how to redo the results from that log, and the
// archive of past cycles.
import { useState } from 'preact/hooks';
import { useApp, useTitle, hasRole } from '../context';
import { useAsync } from '../hooks';
import { get } from '../api/client';
import type { PageProps } from '../router';
import { LoadError, Loading } from '../components/Status';
import {
  PHASES, currentCycle, phaseState, type ArchivedCycle, type ArchivedPick, type Cycle, type Results,
} from '../prizes/model';
import { CategoryName, PhaseBadge, checkReceipt, type ReceiptAnswer, formatInstant, usePrizeCategories } from '../prizes/ui';

export default function Prizes({ params }: PageProps) {
  const { t, lang, href, session } = useApp();
  useTitle(t('prizes.title'));
  const cycles = useAsync((signal) => get<{ items: Cycle[] }>('/api/v1/prizes/cycles', signal), []);
  const names = usePrizeCategories(lang);
  if (cycles.error) return <><h1 tabIndex={-1}>{t('prizes.title')}</h1><LoadError error={cycles.error} /></>;
  if (!cycles.data) return <Loading />;
  const cycle = params.cycle ? cycles.data.items.find((c) => String(c.id) === params.cycle) ?? null
    : currentCycle(cycles.data.items, Date.now());
  return (
    <>
      <h1 tabIndex={-1}>{cycle ? cycle.title : t('prizes.title')}</h1>
      <p>{t('prizes.intro')}</p>
      {hasRole(session, 'administrator') && <p><a href={href('prizes/new')} data-admin-link="new">{t('prizes.admin.newLink')}</a></p>}
      {!cycle ? <p class="notice">{params.cycle ? t('error.notFound') : t('prizes.noCycle')}</p>
        : <CycleView cycle={cycle} names={names.data} />}
      <Archive exclude={cycle && phaseState(cycle, 'results', Date.now()) === 'open' ? cycle.id : null}
        names={names.data} />
    </>
  );
}

function CycleView({ cycle, names }: { cycle: Cycle; names?: Map<string, string> }) {
  const { t, lang, href, session } = useApp();
  const now = Date.now();
  const state = (p: (typeof PHASES)[number]) => phaseState(cycle, p, now);
  const base = `prizes/${cycle.id}`;
  const actions: [string, string][] = [];
  if (state('nominations') === 'open') {
    actions.push([`${base}/nominate`, t('prizes.nominate')]);
    if (session) actions.push([`${base}/mine`, t('prizes.mine.title')]);
  }
  if (hasRole(session, 'prize_expert') && state('review') !== 'upcoming') actions.push([`${base}/review`, t('prizes.review.title')]);
  if (state('voting') === 'open') actions.push([`${base}/vote`, t('prizes.vote.title')]);
  // The pages for the roles that may use them (the server checks again): the expert group's
  // pick between voting's close and the results, the experts' reviews from the review phase on,
  // fraud signals from voting on, the cycle's administration.
  if (hasRole(session, 'administrator', 'prize_expert') && state('voting') === 'closed' && state('results') !== 'open')
    actions.push([`${base}/winners`, t('prizes.pick.title')]);
  if (hasRole(session, 'administrator') && state('review') !== 'upcoming') actions.push([`${base}/reviews`, t('prizes.reviews.title')]);
  if (hasRole(session, 'moderator', 'administrator') && state('voting') !== 'upcoming')
    actions.push([`${base}/fraud-signals`, t('prizes.fraud.title')]);
  if (hasRole(session, 'administrator')) actions.push([`${base}/admin`, t('prizes.admin.editTitle')]);
  const categoryHref = (code: string) => state('voting') === 'open' ? href(`${base}/vote?category=${encodeURIComponent(code)}`)
    : state('results') === 'open' ? `#result-${code}` : href(`search?action_line=${encodeURIComponent(code)}`);
  return (
    <>
      {actions.length > 0 && (
        <ul class="actions-list" aria-label={t('prizes.actions')}>
          {actions.map(([path, label]) => <li key={path}><a class="button" href={href(path)}>{label}</a></li>)}
        </ul>
      )}
      <h2>{t('prizes.phases')}</h2>
      <ol class="phases">
        {PHASES.map((p) => (
          <li key={p} data-phase={p} data-state={state(p)} aria-current={state(p) === 'open' && p !== 'results' ? 'step' : undefined}>
            <strong>{t(`prizes.phase.${p}`)}</strong> <PhaseBadge state={state(p)} />
            <br />
            {p === 'results' ? t('prizes.from', { date: formatInstant(lang, cycle.phases.results) })
              : t('prizes.range', { from: formatInstant(lang, cycle.phases[p].opens), to: formatInstant(lang, cycle.phases[p].closes) })}
          </li>
        ))}
      </ol>
      {state('results') === 'open' ? <ResultsView cycle={cycle} names={names} /> : (
        <>
          <h2>{t('prizes.categories')}</h2>
          <ul class="category-list">
            {cycle.categories.map((code) => (
              <li key={code}><a href={categoryHref(code)}><CategoryName code={code} names={names} /></a></li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function ResultsView({ cycle, names }: { cycle: Cycle; names?: Map<string, string> }) {
  const { t, tr, href } = useApp();
  const results = useAsync((signal) => get<Results>(`/api/v1/prizes/cycles/${cycle.id}/results`, signal), [cycle.id]);
  if (results.error) return <LoadError error={results.error} />;
  if (!results.data) return <Loading />;
  const empty = results.data.categories.filter((c) => c.ranking.length === 0);
  return (
    <section aria-labelledby="results-heading" class="prize-results">
      <h2 id="results-heading">{t('prizes.results.title')}</h2>
      <p>{t('prizes.results.total', { count: results.data.total_votes })}</p>
      {results.data.categories.filter((c) => c.ranking.length > 0).map((c) => (
        <section key={c.category} id={`result-${c.category}`} data-category={c.category} class="card">
          <h3><CategoryName code={c.category} names={names} /></h3>
          {(
            <table>
              <caption class="visually-hidden">{t('prizes.results.caption', { category: c.category })}</caption>
              <thead><tr><th scope="col">{t('prizes.results.rank')}</th><th scope="col">{t('prizes.results.project')}</th>
                <th scope="col">{t('prizes.results.award')}</th><th scope="col" class="num">{t('prizes.results.votes')}</th></tr></thead>
              <tbody>
                {c.ranking.map((r) => (
                  <tr key={r.nomination_id} data-nomination-id={r.nomination_id}>
                    <td>{tr.number(r.rank)}</td>
                    <td dir="auto"><a href={href(`entries/${r.entry_id}`)}>{r.title}</a></td>
                    <td>{r.nomination_id === c.winner ? <strong data-award="winner">{t('prizes.results.winner')}</strong>
                      : c.champions.includes(r.nomination_id) ? <span data-award="champion">{t('prizes.results.champion')}</span> : ''}</td>
                    <td class="num" data-votes={r.votes}>{tr.number(r.votes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
      {empty.length > 0 && (
        <p data-no-shortlist>{t('prizes.results.none')}{' '}
          {empty.map((c, i) => <span key={c.category}>{i > 0 ? t('common.listSeparator') : ''}<CategoryName code={c.category} names={names} /></span>)}
        </p>
      )}
      <ReceiptCheck cycleId={cycle.id} />
      <VerifyResults cycleId={cycle.id} />
    </section>
  );
}

/**
 * The published results are reproducible by anyone: the log and the results as JSON, and the
 * script (tools/prizes/verify_results.py, copied into the site at build) that redoes them.
 */
function VerifyResults({ cycleId }: { cycleId: number }) {
  const { t } = useApp();
  const api = `/api/v1/prizes/cycles/${cycleId}`;
  return (
    <section class="verify-results" aria-labelledby="verify-heading">
      <h3 id="verify-heading">{t('prizes.redo.title')}</h3>
      <p>{t('prizes.redo.intro')}</p>
      <pre dir="ltr"><code data-verify-command>{`python3 verify_results.py ${location.origin}${api}`}</code></pre>
      <ul>
        <li><a href="/tools/verify_results.py" download="verify_results.py" data-verify="script">{t('prizes.redo.script')}</a></li>
        <li><a href={`${api}/vote-log?limit=10000`} data-verify="log">{t('prizes.redo.log')}</a></li>
        <li><a href={`${api}/results`} data-verify="results">{t('prizes.redo.results')}</a></li>
      </ul>
    </section>
  );
}

/** Anyone with a receipt checks that their vote is in the published anonymised log. */
function ReceiptCheck({ cycleId }: { cycleId: number }) {
  const { t, tr } = useApp();
  const [receipt, setReceipt] = useState('');
  const [answer, setAnswer] = useState<ReceiptAnswer | null>(null);
  async function check(e: Event) {
    e.preventDefault();
    if (receipt.trim()) setAnswer(await checkReceipt(cycleId, receipt.trim(), tr));
  }
  return (
    <form class="receipt-check" onSubmit={check}>
      <h3>{t('prizes.receipt.checkTitle')}</h3>
      <div class="field">
        <label for="receipt-input">{t('prizes.receipt.label')}</label>
        <input id="receipt-input" value={receipt} dir="ltr" autocomplete="off" maxLength={100}
          onInput={(e) => setReceipt((e.target as HTMLInputElement).value)} />
      </div>
      <button type="submit">{t('prizes.receipt.check')}</button>
      <p role="status" data-receipt-answer={answer?.state}
        class={answer ? `notice ${answer.state === 'missing' ? 'error' : 'ok'}` : undefined}>{answer?.text}</p>
    </form>
  );
}

function Archive({ exclude, names }: { exclude: number | null; names?: Map<string, string> }) {
  const { t, href } = useApp();
  const archive = useAsync((signal) => get<{ items: ArchivedCycle[] }>('/api/v1/prizes/archive', signal), []);
  const items = archive.data?.items.filter((c) => c.cycle_id !== exclude) ?? [];
  const pick = (p: ArchivedPick | null) => p && (
    <><a href={href(`entries/${p.entry_id}`)} dir="auto">{p.title}</a> <span class="meta">({t('prizes.results.voteCount', { count: p.votes })})</span></>
  );
  return (
    <section aria-labelledby="archive-heading">
      <h2 id="archive-heading">{t('prizes.archive')}</h2>
      {archive.error ? <LoadError error={archive.error} /> : !archive.data ? <Loading /> : items.length === 0 ? <p>{t('prizes.archiveEmpty')}</p> : (
        items.map((c) => (
          <details key={c.cycle_id} class="archive-cycle" data-cycle-id={c.cycle_id}>
            <summary>{c.title}</summary>
            <p><a href={href(`prizes/${c.cycle_id}`)}>{t('prizes.results.title')}</a></p>
            <ul>
              {c.categories.map((cat) => (
                <li key={cat.category}>
                  <strong><CategoryName code={cat.category} names={names} /></strong>
                  <br />{t('prizes.results.winner')}: {pick(cat.winner) ?? '—'}
                  {cat.champions.length > 0 && <>
                    <br />{t('prizes.results.champions')}:{' '}
                    {cat.champions.map((ch, i) => <span key={i}>{i > 0 ? t('common.listSeparator') : ''}{pick(ch)}</span>)}
                  </>}
                </li>
              ))}
            </ul>
          </details>
        ))
      )}
    </section>
  );
}
