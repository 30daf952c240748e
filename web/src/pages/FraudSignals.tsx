// Moderators and administrators: the signs of organised voting the server flagged while writing
// votes (an account voting at machine speed, many accounts from one network, a burst of new
// accounts). A signal is for a person to look into: no vote is discarded because of it, and
// the page says so. Anyone else reads the server's refusal.
import { useApp, useTitle } from '../context';
import { useAsync } from '../hooks';
import { get } from '../api/client';
import type { PageProps } from '../router';
import { Loading } from '../components/Status';
import { RequireLogin } from '../components/RequireLogin';
import type { FraudSignal } from '../prizes/model';
import { newestFirst, signalSubject } from '../prizes/admin';
import { formatInstant, useCycle } from '../prizes/ui';
import { ServerProblem } from '../prizes/adminUi';

const KINDS = ['machine_speed', 'many_accounts_one_network', 'new_account_burst'];

export default function FraudSignals({ params }: PageProps) {
  const { t } = useApp();
  useTitle(t('prizes.fraud.title'));
  return (
    <RequireLogin title={t('prizes.fraud.title')}>
      <Signals cycleId={params.cycle} />
    </RequireLogin>
  );
}

function Signals({ cycleId }: { cycleId: string }) {
  const { t, tr, lang, href } = useApp();
  const cycle = useCycle(cycleId);
  const signals = useAsync((signal) =>
    get<{ items: FraudSignal[] }>(`/api/v1/prizes/cycles/${encodeURIComponent(cycleId)}/fraud-signals`, signal), [cycleId]);
  const heading = <h1 tabIndex={-1}>{t('prizes.fraud.title')}</h1>;
  const error = signals.error ?? cycle.error;
  if (error) return <>{heading}<ServerProblem error={error} /></>;
  if (!signals.data || !cycle.data) return <Loading />;
  const items = newestFirst(signals.data.items);
  return (
    <>
      {heading}
      <p><a href={href(`prizes/${cycle.data.id}`)}>{cycle.data.title}</a></p>
      <p>{t('prizes.fraud.intro')}</p>
      <p class="notice" data-never-discarded>{t('prizes.fraud.neverDiscarded')}</p>
      <div class="actions">
        <button type="button" class="secondary" onClick={signals.reload} disabled={signals.loading}>{t('prizes.fraud.refresh')}</button>
      </div>
      <h2 id="signals-heading">{t('prizes.fraud.count', { count: items.length })}</h2>
      {items.length === 0 ? <p>{t('prizes.fraud.none')}</p> : (
        <ul class="signals" aria-labelledby="signals-heading">
          {items.map((s) => {
            const subject = signalSubject(s.subject);
            return (
              <li key={s.id} class="card" data-signal-kind={s.kind} data-subject={s.subject}>
                <h3>{KINDS.includes(s.kind) ? t(`prizes.fraud.kind.${s.kind}`) : s.kind}</h3>
                <dl class="facts">
                  <dt>{t('prizes.fraud.when')}</dt><dd>{formatInstant(lang, s.at)}</dd>
                  <dt>{t('prizes.fraud.subject')}</dt>
                  <dd>{subject.kind === 'account' ? t('prizes.fraud.account', { id: tr.number(Number(subject.value)) })
                    : subject.kind === 'network' ? <>{t('prizes.fraud.network')} <bdi dir="ltr">{subject.value}</bdi></>
                    : <bdi>{subject.value}</bdi>}</dd>
                  <dt>{t('prizes.fraud.detail')}</dt>
                  {/* Said in the page's language from the signal's number; a signal flagged before
                      the server kept it has only the English detail. */}
                  {KINDS.includes(s.kind) && s.measure !== null
                    ? <dd data-measure={s.measure}>{t(`prizes.fraud.measure.${s.kind}`, { count: s.measure })}</dd>
                    : <dd lang="en" dir="ltr">{s.detail}</dd>}
                </dl>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
