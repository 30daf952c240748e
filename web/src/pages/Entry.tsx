import { useApp, useTitle, isModerator } from '../context';
import type { PageProps } from '../router';
import { useAsync } from '../hooks';
import { get } from '../api/client';
import type { Entry, Revision, Transition } from '../api/types';
import { useLabels } from '../labels';
import { LANG_NAMES } from '../i18n';
import { WorldMap } from '../components/Chart';
import { LoadError, Loading, StateBadge } from '../components/Status';
import { Transitions } from '../components/Transitions';
import { RevisionChanges } from '../components/Diff';
import { metaParts } from '../components/EntryList';

export default function EntryPage({ params }: PageProps) {
  const { t, tr, lang, href, session } = useApp();
  const entry = useAsync((signal) => get<Entry>(`/api/v1/entries/${encodeURIComponent(params.id)}?lang=${lang}`, signal),
    [params.id, lang, session?.user.id]);
  const labels = useLabels(lang);
  const e = entry.data;
  const translation = e && e.language !== lang ? e.translations?.[lang] : undefined;
  const title = translation?.title ?? e?.title ?? t('entry.title');
  useTitle(title);
  if (entry.error) return (<><h1 tabIndex={-1}>{t('entry.title')}</h1><LoadError error={entry.error} /></>);
  if (!e || !labels.data) return <Loading />;
  const L = labels.data;
  const canEdit = !!session && (e.owner_id !== undefined) && e.state !== 'withdrawn' && e.state !== 'archived';
  const privileged = !!session && (e.owner_id !== undefined || isModerator(session));

  return (
    <article>
      <h1 tabIndex={-1} lang={translation ? lang : e.language} dir="auto">{title}</h1>
      <p class="meta">
        {metaParts([t(`entryType.${e.type}`), t(`projectStatus.${e.project_status}`),
          t('entry.reportingYear', { year: String(e.reporting_year) }),
          e.published_at ? t('entry.publishedOn', { date: tr.date(e.published_at) }) : '',
          e.success_story ? t('entry.successStory') : ''])}
        {' · '}<StateBadge state={e.state} pending={e.pending_state} />
      </p>
      {translation && <p class="notice">{t('entry.translated', { language: LANG_NAMES[e.language] })}</p>}
      {canEdit && <p><a class="button" href={href(`entries/${e.id}/edit`)}>{t('entry.edit')}</a></p>}
      {privileged && (e.state === 'returned' || e.pending_state === 'returned') && <ReturnedNotice id={e.id} version={e.version} />}
      <Transitions entry={e} onDone={() => entry.reload()} />
      <section aria-labelledby="h-desc">
        <h2 id="h-desc">{t('entry.description')}</h2>
        {translation?.description ? <p lang={lang} dir="auto">{translation.description}</p>
          : <div lang={e.language} dir="auto" dangerouslySetInnerHTML={{ __html: e.description_html }} />}
      </section>
      <dl class="facts">
        {e.start_date && <><dt>{t('field.start_date')}</dt><dd>{tr.date(e.start_date)}</dd></>}
        {e.end_date && <><dt>{t('field.end_date')}</dt><dd>{tr.date(e.end_date)}</dd></>}
        {e.website && <><dt>{t('field.website')}</dt><dd><a href={e.website} rel="noopener noreferrer nofollow">{e.website}</a></dd></>}
        <dt>{t('field.stakeholder_type')}</dt><dd>{L.stakeholders.get(e.stakeholder_type) ?? e.stakeholder_type}</dd>
        <dt>{t('field.language')}</dt><dd>{LANG_NAMES[e.language]}</dd>
        {e.beneficiaries && <><dt>{t('field.beneficiaries')}</dt><dd>{e.beneficiaries}</dd></>}
        {e.impact && <><dt>{t('field.impact')}</dt><dd>{e.impact}</dd></>}
        {e.partners.length > 0 && <><dt>{t('field.partners')}</dt><dd>{e.partners.join(t('common.listSeparator'))}</dd></>}
        {e.contact && (e.contact.name || e.contact.email) && <><dt>{t('field.contact')}</dt>
          <dd>{[e.contact.name, e.contact.email, e.contact.phone].filter(Boolean).join(' · ')}</dd></>}
      </dl>
      <section aria-labelledby="h-al">
        <h2 id="h-al">{t('field.action_lines')}</h2>
        <ul>
          {e.action_lines.map((code) => (
            <li key={code}><a href={href(`search?action_line=${encodeURIComponent(code)}`)}>
              {L.actionLineNames.get(code) ?? code}</a>{code === e.primary_action_line ? ` (${t('entry.primary')})` : ''}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="h-sdg">
        <h2 id="h-sdg">{t('field.sdgs')}</h2>
        <ul>
          {e.sdg_goals.map((goal) => (
            <li key={goal}>
              <a href={href(`search?sdg=${goal}`)}>{L.sdgNames.get(String(goal)) ?? goal}</a>
              {e.sdg_targets.some((tg) => tg.split('.')[0] === String(goal)) && (
                <ul>
                  {e.sdg_targets.filter((tg) => tg.split('.')[0] === String(goal)).map((tg) => (
                    <li key={tg}><a href={href(`search?target=${encodeURIComponent(tg)}`)}>{tg}</a> {L.targets.get(tg)}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="h-countries">
        <h2 id="h-countries">{t('field.countries')}</h2>
        <p>{e.countries.map((c) => (c === 'global' ? t('common.global') : L.countries.get(c) ?? c))
          .join(t('common.listSeparator'))}</p>
        {!e.countries.includes('global') && (
          <WorldMap small data={e.countries.map((c) => ({ key: c, label: L.countries.get(c) ?? c, value: 1 }))}
            summary={t('entry.mapSummary', { names: e.countries.map((c) => L.countries.get(c) ?? c)
              .join(t('common.listSeparator')) })} />
        )}
      </section>
      {privileged && <History id={e.id} version={e.version} />}
    </article>
  );
}

/** Why a moderator returned the entry: the comment of the last return, at the top of the page. */
function ReturnedNotice({ id, version }: { id: number; version: number }) {
  const { t } = useApp();
  const history = useAsync((signal) => get<{ items: Transition[] }>(`/api/v1/entries/${id}/history`, signal), [id, version]);
  const last = history.data?.items.filter((h) => h.action === 'return').pop();
  if (!last) return null;
  return (
    <div class="notice error" data-return-comment>
      <p><strong>{t('history.return')}</strong>{t('common.listSeparator')}{last.comment}</p>
    </div>
  );
}

function History({ id, version }: { id: number; version: number }) {
  const { t, tr } = useApp();
  const history = useAsync((signal) => get<{ items: Transition[] }>(`/api/v1/entries/${id}/history`, signal), [id, version]);
  const revisions = useAsync((signal) => get<{ items: Revision[] }>(`/api/v1/entries/${id}/revisions`, signal), [id, version]);
  return (
    <section aria-labelledby="h-history">
      <h2 id="h-history">{t('entry.history')}</h2>
      {history.data && (
        <table>
          <thead><tr><th scope="col">{t('entry.when')}</th><th scope="col">{t('entry.action')}</th>
            <th scope="col">{t('entry.stateChange')}</th><th scope="col">{t('moderation.comment')}</th></tr></thead>
          <tbody>
            {history.data.items.map((h, i) => (
              <tr key={i}><td>{tr.date(h.at)}</td><td>{t(`history.${h.action}`)}</td>
                <td>{h.from_state} → {h.to_state}</td><td>{h.comment}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('entry.revisions')}</h3>
      {revisions.data && (
        <ol>
          {revisions.data.items.map((r) => (
            <li key={r.number}>
              {t('entry.revision', { number: r.number, date: tr.date(r.created_at) })}
              <RevisionChanges changes={r.changes} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
