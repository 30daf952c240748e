// The organisation's nominations in a cycle: edit until the deadline, withdraw (after a
// confirmation), and whether a new entry still awaits moderation.
import { useState } from 'preact/hooks';
import { useApp, useTitle } from '../context';
import { useAsync } from '../hooks';
import { ApiError, get, send } from '../api/client';
import type { PageProps } from '../router';
import { FormAlert } from '../components/Form';
import { LoadError, Loading } from '../components/Status';
import { RequireLogin } from '../components/RequireLogin';
import { phaseState, type Nomination } from '../prizes/model';
import { CategoryName, useCycle, usePrizeCategories } from '../prizes/ui';

export default function MyNominations({ params, query }: PageProps) {
  const { t } = useApp();
  useTitle(t('prizes.mine.title'));
  return (
    <RequireLogin title={t('prizes.mine.title')}>
      <Body cycleId={params.cycle} saved={query.has('saved')} />
    </RequireLogin>
  );
}

function Body({ cycleId, saved }: { cycleId: string; saved: boolean }) {
  const { t, lang, href } = useApp();
  const cycle = useCycle(cycleId);
  const names = usePrizeCategories(lang);
  const list = useAsync((signal) => get<{ items: Nomination[] }>(
    `/api/v1/prizes/cycles/${encodeURIComponent(cycleId)}/nominations?mine=true`, signal), [cycleId]);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [message, setMessage] = useState<{ text: string; kind: 'ok' | 'error' }>(
    { text: saved ? t('prizes.mine.saved') : '', kind: 'ok' });
  if (cycle.error || list.error) return <><h1 tabIndex={-1}>{t('prizes.mine.title')}</h1><LoadError error={cycle.error ?? list.error} /></>;
  if (!cycle.data || !list.data) return <Loading />;
  const open = phaseState(cycle.data, 'nominations', Date.now()) === 'open';

  async function withdraw(n: Nomination) {
    try {
      await send('DELETE', `/api/v1/prizes/nominations/${n.id}`);
      setConfirming(null);
      setMessage({ text: t('prizes.mine.withdrawn', { title: n.entry_title }), kind: 'ok' });
      list.reload();
    } catch (error) {
      setMessage({ text: error instanceof ApiError ? error.detail : t('error.load'), kind: 'error' });
    }
  }

  return (
    <>
      <h1 tabIndex={-1}>{t('prizes.mine.title')}</h1>
      <p><a href={href(`prizes/${cycle.data.id}`)}>{cycle.data.title}</a></p>
      <FormAlert message={message.text} kind={message.kind} />
      {open && <p><a class="button" href={href(`prizes/${cycle.data.id}/nominate`)}>{t('prizes.nominate')}</a></p>}
      {list.data.items.length === 0 ? <p>{t('prizes.mine.empty')}</p> : (
        <ul class="results">
          {list.data.items.map((n) => (
            <li key={n.id} data-nomination-id={n.id} data-state={n.state}>
              <h2 dir="auto"><a href={href(`entries/${n.entry_id}`)}>{n.entry_title}</a></h2>
              <p class="meta"><CategoryName code={n.category} names={names.data} /> ·{' '}
                <span class="status" data-state={n.state}>{t(`prizes.state.${n.state}`)}</span>
                {!n.entry_published && <> · <span data-entry-awaiting>{t('prizes.mine.awaiting')}</span></>}</p>
              {open && n.state === 'submitted' && (
                <p class="actions">
                  <a class="button" href={href(`prizes/nominations/${n.id}/edit`)}>{t('prizes.mine.edit')}</a>{' '}
                  {confirming === n.id ? (
                    <>
                      <span role="alert">{t('prizes.mine.confirm')}</span>{' '}
                      <button type="button" class="danger" data-action="confirm-withdraw" onClick={() => withdraw(n)}>
                        {t('prizes.mine.confirmWithdraw')}</button>{' '}
                      <button type="button" class="secondary" onClick={() => setConfirming(null)}>{t('prizes.mine.keep')}</button>
                    </>
                  ) : (
                    <button type="button" class="secondary" data-action="withdraw" onClick={() => setConfirming(n.id)}>
                      {t('prizes.mine.withdraw')}</button>
                  )}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
