// Public voting, made for phones and slow connections: this chunk imports nothing heavy (no
// reference data, no form library), loads one category's shortlist at a time, and works with
// plain links and buttons. One vote per account per category, changed if the cycle allows; the
// receipt is shown and kept on this browser; an account without a verified email is told why it
// cannot vote yet and can (re)send the verification email.
import { useState } from 'preact/hooks';
import { useApp, useTitle } from '../context';
import { useAsync } from '../hooks';
import { ApiError, get, send } from '../api/client';
import type { PageProps } from '../router';
import { LoadError, Loading } from '../components/Status';
import { keepReceipt, loadReceipts, phaseState, type Nomination, type Receipt } from '../prizes/model';
import {
  CategoryName, checkReceipt, emailVerified, formatInstant, useCycle, usePrizeCategories, type ReceiptAnswer,
} from '../prizes/ui';

export default function Vote({ params, query }: PageProps) {
  const { t, lang, href, session, sessionLoaded } = useApp();
  useTitle(t('prizes.vote.title'));
  const cycle = useCycle(params.cycle);
  const names = usePrizeCategories(lang);
  const heading = <h1 tabIndex={-1}>{t('prizes.vote.title')}</h1>;
  if (cycle.error) return <>{heading}<LoadError error={cycle.error} /></>;
  if (!cycle.data || !sessionLoaded) return <Loading />;
  const c = cycle.data;
  const now = Date.now();
  const voting = phaseState(c, 'voting', now);
  const category = query.get('category') && c.categories.includes(query.get('category')!) ? query.get('category')! : null;
  return (
    <>
      {heading}
      <p><a href={href(`prizes/${c.id}`)}>{c.title}</a> · {t('prizes.range', { from: formatInstant(lang, c.phases.voting.opens),
        to: formatInstant(lang, c.phases.voting.closes) })}</p>
      {voting !== 'open' ? (
        <p class="notice">{t(voting === 'upcoming' ? 'prizes.vote.notYet' : 'prizes.vote.closed')}</p>
      ) : !session ? (
        <p class="notice"><a href={href(`login?next=${encodeURIComponent(location.pathname + location.search)}`)}>
          {t('prizes.vote.login')}</a></p>
      ) : !emailVerified(session) ? <VerifyFirst /> : null}
      {/* On a phone the eighteen categories would push the shortlist off the screen: once one is
          chosen, the list folds away. */}
      <details class="category-nav" open={!category}>
        <summary>{t('prizes.categories')}</summary>
        <nav aria-label={t('prizes.categories')}>
        <ul class="category-list">
          {c.categories.map((code) => (
            <li key={code}><a href={href(`prizes/${c.id}/vote?category=${encodeURIComponent(code)}`)}
              aria-current={code === category ? 'page' : undefined}><CategoryName code={code} names={names.data} /></a></li>
          ))}
        </ul>
        </nav>
      </details>
      {category ? <Shortlist key={category} cycleId={c.id} category={category} canVote={voting === 'open' && emailVerified(session)}
        changeable={c.rules.vote_changeable} names={names.data} />
        : <p>{t('prizes.vote.pickCategory')}</p>}
      <KeptReceipts cycleId={c.id} resultsOut={phaseState(c, 'results', now) === 'open'} />
    </>
  );
}

function VerifyFirst() {
  const { t, session, setSession } = useApp();
  const [state, setState] = useState<{ text: string; kind: 'ok' | 'error' } | null>(null);
  const [busy, setBusy] = useState(false);
  async function resend() {
    setBusy(true);
    try {
      await send('POST', '/api/v1/prizes/email-verification');
      setState({ text: t('prizes.vote.sent', { email: session!.user.email }), kind: 'ok' });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Verified meanwhile (in another tab): the session now says so.
        setSession(await get('/api/v1/auth/session'));
        return;
      }
      setState({ text: error instanceof ApiError ? error.detail : t('error.load'), kind: 'error' });
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="notice" aria-labelledby="verify-heading" data-verify-required>
      <h2 id="verify-heading">{t('prizes.vote.verifyTitle')}</h2>
      <p>{t('prizes.vote.verifyWhy')}</p>
      <button type="button" disabled={busy} data-action="send-verification" onClick={resend}>{t('prizes.vote.send')}</button>
      <p role={state?.kind === 'error' ? 'alert' : 'status'} data-sent={state?.kind}>{state?.text}</p>
    </section>
  );
}

function Shortlist({ cycleId, category, canVote, changeable, names }: {
  cycleId: number; category: string; canVote: boolean; changeable: boolean; names?: Map<string, string>;
}) {
  const { t, href, session } = useApp();
  const list = useAsync((signal) => get<{ items: Nomination[] }>(
    `/api/v1/prizes/cycles/${cycleId}/nominations?category=${encodeURIComponent(category)}`, signal), [cycleId, category]);
  const mine = useAsync<{ votes: Record<string, number> }>((signal) => session
    ? get<{ votes: Record<string, number> }>(`/api/v1/prizes/cycles/${cycleId}/votes/mine`, signal).catch(() => ({ votes: {} }))
    : Promise.resolve({ votes: {} as Record<string, number> }), [cycleId, session?.user.id]);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  if (list.error) return <LoadError error={list.error} />;
  if (!list.data || !mine.data) return <Loading />;
  const current = mine.data.votes[category];

  async function vote(n: Nomination) {
    setBusy(true);
    setError('');
    try {
      const r = await send<Receipt>('POST', `/api/v1/prizes/cycles/${cycleId}/votes`, { category, nomination_id: n.id });
      keepReceipt(localStorage, cycleId, r);
      setReceipt(r);
      mine.reload();
      requestAnimationFrame(() => document.getElementById('receipt-heading')?.focus());
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : t('error.load'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="shortlist-heading">
      <h2 id="shortlist-heading"><CategoryName code={category} names={names} /></h2>
      <div role="alert" class={error ? 'notice error' : undefined}>{error}</div>
      {receipt && (
        <section class="notice ok receipt" aria-labelledby="receipt-heading" data-receipt={receipt.receipt}>
          <h3 id="receipt-heading" tabIndex={-1}>{t(receipt.changed ? 'prizes.vote.changed' : 'prizes.vote.recorded')}</h3>
          <p>{t('prizes.vote.receiptIntro')}</p>
          <p><code dir="ltr" class="receipt-code">{receipt.receipt}</code></p>
        </section>
      )}
      {list.data.items.length === 0 ? <p>{t('prizes.vote.emptyShortlist')}</p> : (
        <ul class="shortlist">
          {list.data.items.map((n) => (
            <li key={n.id} data-nomination-id={n.id} class="card">
              <h3 dir="auto"><a href={href(`entries/${n.entry_id}`)}>{n.entry_title}</a></h3>
              <p dir="auto">{n.answers.summary}</p>
              {current === n.id ? <p><strong data-my-vote>{t('prizes.vote.yourVote')}</strong></p>
                : canVote && (current === undefined || changeable) && (
                  // The project's name completes the button's name for screen readers, after the
                  // visible words (which must come first in the accessible name).
                  <button type="button" disabled={busy} data-action="vote" onClick={() => vote(n)}>
                    {t(current === undefined ? 'prizes.vote.vote' : 'prizes.vote.change')}
                    <span class="visually-hidden" dir="auto">: {n.entry_title}</span>
                  </button>
                )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The receipts kept on this browser; after the results, each is checked against the log. */
function KeptReceipts({ cycleId, resultsOut }: { cycleId: number; resultsOut: boolean }) {
  const { t, tr } = useApp();
  const [answers, setAnswers] = useState<Record<string, ReceiptAnswer>>({});
  const kept = Object.values(loadReceipts(localStorage, cycleId));
  if (!kept.length) return null;
  async function check(r: Receipt) {
    const answer = await checkReceipt(cycleId, r.receipt, tr);
    setAnswers((all) => ({ ...all, [r.receipt]: answer }));
  }
  return (
    <section aria-labelledby="kept-heading">
      <h2 id="kept-heading">{t('prizes.vote.kept')}</h2>
      <ul>
        {kept.map((r) => (
          <li key={r.receipt} data-kept-receipt={r.receipt}>
            {r.category}: <code dir="ltr">{r.receipt}</code>{' '}
            {resultsOut && <button type="button" class="secondary" data-action="check-receipt" onClick={() => check(r)}>
              {t('prizes.receipt.check')}</button>}
            <span role="status" data-receipt-answer={answers[r.receipt]?.state}>{answers[r.receipt]?.text ?? ''}</span>
          </li>
        ))}
      </ul>
      {!resultsOut && <p class="hint">{t('prizes.vote.checkLater')}</p>}
    </section>
  );
}
