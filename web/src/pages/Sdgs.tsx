import { useApp, useTitle } from '../context';
import { useAsync } from '../hooks';
import * as ref from '../api/reference';
import { LoadError, Loading } from '../components/Status';

export default function Sdgs() {
  const { t, lang, href } = useApp();
  useTitle(t('sdgs.title'));
  const goals = useAsync(() => ref.sdgs(lang), [lang]);
  return (
    <>
      <h1 tabIndex={-1}>{t('sdgs.title')}</h1>
      <p>{t('sdgs.intro')}</p>
      {goals.error ? <LoadError error={goals.error} /> : !goals.data ? <Loading /> : (
        goals.data.map((g) => (
          <section key={g.number} class="card sdg" style={{ borderInlineStart: `8px solid ${ref.SDG_COLOURS[g.number - 1]}`,
            marginBlockEnd: '1rem' }}>
            <h2>{g.number}. {g.short}</h2>
            <p>{g.title}</p>
            <p><a href={href(`search?sdg=${g.number}`)}>{t('reference.entriesFor', { name: g.short })}</a></p>
            <details>
              <summary>{t('sdgs.targets', { count: g.targets.length })}</summary>
              <ul>
                {g.targets.map((target) => (
                  <li key={target.code}>
                    <a href={href(`search?target=${encodeURIComponent(target.code)}`)}>{target.code}</a> {target.title}
                  </li>
                ))}
              </ul>
            </details>
          </section>
        ))
      )}
    </>
  );
}
