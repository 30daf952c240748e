import { useApp, useTitle } from '../context';
import { useAsync } from '../hooks';
import * as ref from '../api/reference';
import { LoadError, Loading } from '../components/Status';

export default function ActionLines() {
  const { t, lang, href } = useApp();
  useTitle(t('actionLines.title'));
  const lines = useAsync(() => ref.actionLines(lang), [lang]);
  return (
    <>
      <h1 tabIndex={-1}>{t('actionLines.title')}</h1>
      <p>{t('actionLines.intro')}</p>
      {lines.error ? <LoadError error={lines.error} /> : !lines.data ? <Loading /> : (
        <ul class="reference-list">
          {lines.data.filter((a) => !a.parent).map((a) => (
            <li key={a.code}>
              <h2>{a.code} {a.title}</h2>
              <p class="meta">{t('actionLines.facilitators', { names: a.facilitators.join(t('common.listSeparator')) })}</p>
              <p><a href={href(`search?action_line=${a.code}`)}>{t('reference.entriesFor', { name: a.code })}</a></p>
              {lines.data!.some((c) => c.parent === a.code) && (
                <ul>
                  {lines.data!.filter((c) => c.parent === a.code).map((c) => (
                    <li key={c.code}>
                      <a href={href(`search?action_line=${encodeURIComponent(c.code)}`)}>{c.title}</a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
