import { useApp, useTitle } from '../context';
import { useAsync } from '../hooks';
import { get } from '../api/client';
import type { EntrySummary } from '../api/types';
import { useLabels } from '../labels';
import { EntryList } from '../components/EntryList';
import { LoadError, Loading } from '../components/Status';
import { RequireLogin } from '../components/RequireLogin';

export default function MyEntries() {
  const { t } = useApp();
  useTitle(t('my.title'));
  return (
    <RequireLogin title={t('my.title')}>
      <MyEntriesBody />
    </RequireLogin>
  );
}

function MyEntriesBody() {
  const { t, lang, href, session } = useApp();
  const entries = useAsync((signal) => get<{ items: EntrySummary[] }>(`/api/v1/entries?mine=true&limit=100&lang=${lang}`,
    signal), [lang]);
  const labels = useLabels(lang);
  return (
    <>
      <h1 tabIndex={-1}>{t('my.title')}</h1>
      {session!.user.organisation_id ? (
        <p><a class="button" href={href('submit')}>{t('my.new')}</a></p>
      ) : (
        <p class="notice"><a href={href('organisation')}>{t('my.needOrg')}</a></p>
      )}
      {entries.error ? <LoadError error={entries.error} /> : !entries.data ? <Loading /> :
        entries.data.items.length === 0 ? <p>{t('my.empty')}</p> :
        <EntryList items={entries.data.items} labels={labels.data} showState />}
    </>
  );
}
