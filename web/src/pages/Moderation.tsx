import { useState } from 'preact/hooks';
import { useApp, useTitle, isModerator } from '../context';
import { useAsync } from '../hooks';
import { get } from '../api/client';
import type { EntrySummary, Revision } from '../api/types';
import { EntryList } from '../components/EntryList';
import { RevisionChanges } from '../components/Diff';
import { Transitions } from '../components/Transitions';
import { FormAlert } from '../components/Form';
import { LoadError, Loading } from '../components/Status';
import { RequireLogin } from '../components/RequireLogin';

export default function Moderation() {
  const { t, session } = useApp();
  useTitle(t('moderation.title'));
  return (
    <RequireLogin title={t('moderation.title')}>
      {isModerator(session) ? <Queue /> : (<><h1 tabIndex={-1}>{t('moderation.title')}</h1>
        <p class="notice error">{t('error.notFound')}</p></>)}
    </RequireLogin>
  );
}

interface QueueData {
  submitted: EntrySummary[];
  edits: EntrySummary[];
}

function Queue() {
  const { t, lang } = useApp();
  const [done, setDone] = useState('');
  const queue = useAsync(async (signal): Promise<QueueData> => {
    const [submitted, published] = await Promise.all([
      get<{ items: EntrySummary[] }>(`/api/v1/entries?state=submitted&limit=50&lang=${lang}`, signal),
      // Published entries whose edit waits for a moderator (pending=true, moderators only).
      get<{ items: EntrySummary[] }>(`/api/v1/entries?pending=true&limit=50&lang=${lang}`, signal),
    ]);
    return { submitted: submitted.items, edits: published.items };
  }, [lang]);
  const onDone = () => {
    setDone(t('moderation.done'));
    queue.reload();
  };
  return (
    <>
      <h1 tabIndex={-1}>{t('moderation.title')}</h1>
      <p>{t('moderation.intro')}</p>
      <FormAlert kind="ok" message={done} />
      {queue.error ? <LoadError error={queue.error} /> : !queue.data ? <Loading /> : (
        <>
          <section aria-labelledby="h-submitted">
            <h2 id="h-submitted">{t('moderation.submitted')} ({queue.data.submitted.length})</h2>
            {queue.data.submitted.length === 0 && <p>{t('moderation.empty')}</p>}
            {queue.data.submitted.map((e) => <Review key={`${e.id}:${e.version}`} entry={e} onDone={onDone} />)}
          </section>
          <section aria-labelledby="h-edits">
            <h2 id="h-edits">{t('moderation.pendingEdits')} ({queue.data.edits.length})</h2>
            {queue.data.edits.length === 0 && <p>{t('moderation.empty')}</p>}
            {queue.data.edits.map((e) => <Review key={`${e.id}:${e.version}`} entry={e} onDone={onDone} />)}
          </section>
        </>
      )}
    </>
  );
}

function Review({ entry, onDone }: { entry: EntrySummary; onDone(): void }) {
  const { t } = useApp();
  const revisions = useAsync((signal) => get<{ items: Revision[] }>(`/api/v1/entries/${entry.id}/revisions`, signal),
    [entry.id, entry.version]);
  const newest = revisions.data?.items.reduce<Revision | null>((a, r) => (!a || r.number > a.number ? r : a), null);
  return (
    <article class="card review" data-entry-id={entry.id} style={{ marginBlockEnd: '1rem' }}>
      <EntryList items={[entry]} headingLevel={3} showState />
      {newest && (newest.number === 1 ? <p>{t('moderation.newEntry')}</p> : <RevisionChanges changes={newest.changes} />)}
      <Transitions entry={entry} onDone={onDone} />
    </article>
  );
}
