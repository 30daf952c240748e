// The moderators' review of the WSIS–SDG Matrix: the guidance (weak and missing links) with
// its evidence, a decision with a required comment on each, the draft's pending changes,
// publishing the next version (confirmed first), the versions and a comparison of two.
import { useState } from 'preact/hooks';
import { useApp, useTitle, isModerator } from '../context';
import { useAsync } from '../hooks';
import { ApiError, get, send } from '../api/client';
import { useLabels, type Labels } from '../labels';
import { FormAlert, TextField } from '../components/Form';
import { LoadError, Loading } from '../components/Status';
import { RequireLogin } from '../components/RequireLogin';
import {
  searchPathFromApi, type Comparison, type Draft, type Guidance, type GuidanceItem, type MatrixLink, type VersionSummary,
} from '../matrix/model';

const PAGE = 20;

export default function MatrixReview() {
  const { t, session } = useApp();
  useTitle(t('review.title'));
  return (
    <RequireLogin title={t('review.title')}>
      {isModerator(session) ? <Review /> : (<><h1 tabIndex={-1}>{t('review.title')}</h1>
        <p class="notice error">{t('error.notFound')}</p></>)}
    </RequireLogin>
  );
}

// "C7-e-learning E-learning × 4.1": the short names keep a card's heading on a line or two.
function linkName(labels: Labels | undefined, l: { action_line: string; goal: number; target: string | null }): string {
  const line = labels?.actionLines.find((a) => a.code === l.action_line);
  const goal = l.target ?? labels?.sdgNames.get(String(l.goal)) ?? String(l.goal);
  return `${line ? `${line.code} ${line.short}` : l.action_line} × ${goal}`;
}

function Review() {
  const { t, lang } = useApp();
  const [message, setMessage] = useState('');
  const [tick, setTick] = useState(0);
  const labels = useLabels(lang);
  const refresh = (text: string) => {
    setMessage(text);
    setTick((n) => n + 1);
  };
  return (
    <>
      <h1 tabIndex={-1}>{t('review.title')}</h1>
      <p>{t('review.intro')}</p>
      <nav aria-label={t('review.sections')}>
        <ul class="chips">
          <li><a href="#h-guidance">{t('review.guidance')}</a></li>
          <li><a href="#h-draft">{t('review.draft')}</a></li>
          <li><a href="#h-versions">{t('review.versions')}</a></li>
        </ul>
      </nav>
      <FormAlert kind="ok" message={message} />
      <GuidanceList labels={labels.data} tick={tick} onDone={refresh} />
      <DraftSection labels={labels.data} tick={tick} onDone={refresh} />
      <Versions labels={labels.data} tick={tick} />
    </>
  );
}

function GuidanceList({ labels, tick, onDone }: { labels?: Labels; tick: number; onDone(message: string): void }) {
  const { t } = useApp();
  const [kind, setKind] = useState<'all' | GuidanceItem['kind']>('all');
  const [shown, setShown] = useState(PAGE);
  const guidance = useAsync((signal) => get<Guidance>('/api/v1/matrix/guidance', signal), [tick]);
  const items = (guidance.data?.items ?? []).filter((i) => kind === 'all' || i.kind === kind);
  return (
    <section aria-labelledby="h-guidance">
      <h2 id="h-guidance">{t('review.guidance')}</h2>
      {guidance.data && <p class="hint">{t('review.thresholds', {
        weak: guidance.data.thresholds.weak_below_entries, strong: guidance.data.thresholds.strong_min_entries,
        lift: guidance.data.thresholds.strong_min_lift })}</p>}
      <label>
        {t('review.kind')}{' '}
        <select id="review-kind" value={kind} onChange={(e) => {
          setKind((e.target as HTMLSelectElement).value as typeof kind);
          setShown(PAGE);
        }}>
          <option value="all">{t('review.kind.all')}</option>
          <option value="weak_link">{t('review.kind.weak_link')}</option>
          <option value="missing_link">{t('review.kind.missing_link')}</option>
        </select>
      </label>
      {guidance.error ? <LoadError error={guidance.error} /> : !guidance.data ? <Loading /> : (
        <>
          <p>{t('review.itemCount', { count: items.length })}</p>
          <ul class="guidance">
            {items.slice(0, shown).map((item) => (
              <GuidanceCard key={`${item.kind}|${item.action_line}|${item.goal}|${item.target ?? ''}`} item={item}
                labels={labels} onDone={onDone} />
            ))}
          </ul>
          {items.length > shown && (
            <button type="button" class="secondary" onClick={() => setShown((n) => n + PAGE)}>{t('review.more')}</button>
          )}
        </>
      )}
    </section>
  );
}

function GuidanceCard({ item, labels, onDone }: { item: GuidanceItem; labels?: Labels; onDone(message: string): void }) {
  const { t, tr, href } = useApp();
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const id = `g-${item.kind}-${item.action_line}-${item.goal}-${item.target ?? 'all'}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const e = item.evidence;
  const num = (n: number | null) => (n === null ? '–' : tr.number(Math.round(n * 100) / 100));
  async function decide(decision: 'accepted' | 'rejected') {
    if (!comment.trim()) {
      setError(t('review.commentRequired'));
      return;
    }
    setBusy(true);
    try {
      await send('POST', '/api/v1/matrix/guidance/decisions', { kind: item.kind, action_line: item.action_line,
        goal: item.goal, ...(item.target ? { target: item.target } : {}), decision, comment: comment.trim() });
      onDone(t(`review.decided.${decision}`, { name: linkName(labels, item) }));
    } catch (err) {
      setError(err instanceof ApiError && err.detail ? err.detail : t('error.load'));
      setBusy(false);
    }
  }
  return (
    <li class="card" data-kind={item.kind} data-action-line={item.action_line} data-goal={item.goal}
      data-target={item.target ?? ''}>
      <h3>{linkName(labels, item)}</h3>
      <p><strong>{t(`review.kind.${item.kind}`)}</strong> · {t(`review.reason.${item.reason}`)}</p>
      <dl class="figures">
        <div><dt>{t('common.entries')}</dt><dd>{tr.number(e.entries)}</dd></div>
        <div><dt>{t('review.organisations')}</dt><dd>{tr.number(e.organisations)}</dd></div>
        <div><dt>{t('review.countries')}</dt><dd>{tr.number(e.countries)}</dd></div>
        <div><dt>{t('matrix.measure.lift')}</dt><dd>{e.lift === null ? '–' : `${num(e.lift)} [${num(e.lift_low)}–${num(e.lift_high)}]`}</dd></div>
      </dl>
      <p><a href={href(searchPathFromApi(item.entries.href))}>{t('matrix.showEntries', { count: item.entries.count })}</a></p>
      {item.decision ? (
        <p class="notice">{t(`review.pending.${item.decision.decision}`)}: {item.decision.comment}</p>
      ) : (
        <>
          <TextField id={`${id}-comment`} label={t('review.comment')} value={comment} multiline maxLength={2000} required
            error={error} onInput={(v) => {
              setComment(v);
              setError('');
            }} />
          <div class="actions">
            <button type="button" data-decision="accepted" disabled={busy} onClick={() => decide('accepted')}>
              {t(item.kind === 'weak_link' ? 'review.acceptWeak' : 'review.acceptMissing')}</button>
            <button type="button" class="secondary" data-decision="rejected" disabled={busy} onClick={() => decide('rejected')}>
              {t('review.reject')}</button>
          </div>
        </>
      )}
    </li>
  );
}

function DraftSection({ labels, tick, onDone }: { labels?: Labels; tick: number; onDone(message: string): void }) {
  const { t, tr } = useApp();
  const draft = useAsync((signal) => get<Draft>('/api/v1/matrix/draft', signal), [tick]);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);
  async function publish() {
    try {
      const version = await send<VersionSummary>('POST', '/api/v1/matrix/versions', { note: note.trim() });
      setNote('');
      setConfirming(false);
      onDone(t('review.published', { version: version.number }));
    } catch (err) {
      setConfirming(false);
      setError(err instanceof ApiError && err.detail ? err.detail : t('error.load'));
    }
  }
  return (
    <section aria-labelledby="h-draft">
      <h2 id="h-draft">{t('review.draft')}</h2>
      {draft.error ? <LoadError error={draft.error} /> : !draft.data ? <Loading /> : (
        <>
          <p>{t('review.draftLinks', { count: draft.data.links.length })}</p>
          {draft.data.edits.length === 0 ? <p>{t('review.noEdits')}</p> : (
            <table id="draft-edits">
              <caption>{t('review.edits', { count: draft.data.edits.length })}</caption>
              <thead><tr><th scope="col">{t('review.change')}</th><th scope="col">{t('review.link')}</th>
                <th scope="col">{t('review.commentColumn')}</th><th scope="col">{t('review.date')}</th></tr></thead>
              <tbody>
                {draft.data.edits.map((e) => (
                  <tr key={e.id} data-op={e.op}>
                    <td>{t(`review.op.${e.op}`)}</td><th scope="row">{linkName(labels, e)}</th>
                    <td>{e.comment}</td><td>{tr.date(e.at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <form class="publish" onSubmit={(ev) => {
            ev.preventDefault();
            if (!note.trim()) setError(t('review.noteRequired'));
            else setConfirming(true);
          }}>
            <TextField id="publish-note" label={t('review.note')} value={note} multiline maxLength={2000} required
              error={error} onInput={(v) => {
                setNote(v);
                setError('');
                setConfirming(false);
              }} />
            {!confirming ? <button type="submit" id="publish">{t('review.publish')}</button> : (
              <div class="notice" role="alertdialog" aria-labelledby="confirm-text">
                <p id="confirm-text">{t('review.confirm', { count: draft.data.edits.length })}</p>
                <div class="actions">
                  <button type="button" id="publish-confirm" onClick={publish}>{t('review.confirmYes')}</button>
                  <button type="button" class="secondary" onClick={() => setConfirming(false)}>{t('review.confirmNo')}</button>
                </div>
              </div>
            )}
          </form>
        </>
      )}
    </section>
  );
}

function Versions({ labels, tick }: { labels?: Labels; tick: number }) {
  const { t, tr } = useApp();
  const versions = useAsync((signal) => get<{ items: VersionSummary[] }>('/api/v1/matrix/versions', signal), [tick]);
  const items = versions.data?.items ?? [];
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [shownPair, setShownPair] = useState<[string, string] | null>(null);
  const comparison = useAsync((signal) => shownPair
    ? get<Comparison>(`/api/v1/matrix/compare?from=${shownPair[0]}&to=${shownPair[1]}`, signal)
    : Promise.resolve(undefined), [shownPair?.join('-')]);
  const fromValue = from || String(items[1]?.number ?? items[0]?.number ?? '');
  const toValue = to || String(items[0]?.number ?? '');
  const select = (id: string, label: string, value: string, set: (v: string) => void) => (
    <label>{label}{' '}
      <select id={id} value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
        {items.map((v) => <option key={v.number} value={v.number}>{t('review.versionN', { version: v.number })}</option>)}
      </select>
    </label>
  );
  const links = (list: MatrixLink[]) => (
    <ul>{list.map((l) => <li key={`${l.action_line}|${l.goal}|${l.target ?? ''}`}>{linkName(labels, l)}</li>)}</ul>
  );
  return (
    <section aria-labelledby="h-versions">
      <h2 id="h-versions">{t('review.versions')}</h2>
      {versions.error ? <LoadError error={versions.error} /> : !versions.data ? <Loading /> : (
        <>
          <table id="versions">
            <caption class="visually-hidden">{t('review.versions')}</caption>
            <thead><tr><th scope="col">{t('review.version')}</th><th scope="col">{t('review.date')}</th>
              <th scope="col" class="num">{t('review.links')}</th><th scope="col">{t('review.note')}</th></tr></thead>
            <tbody>
              {items.map((v) => (
                <tr key={v.number} data-version={v.number}>
                  <th scope="row">{tr.number(v.number)}</th><td>{tr.date(v.published_at)}</td>
                  <td class="num">{tr.number(v.link_count)}</td><td>{v.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.length > 1 && (
            <form class="actions compare" onSubmit={(e) => {
              e.preventDefault();
              setShownPair([fromValue, toValue]);
            }}>
              {select('compare-from', t('review.from'), fromValue, setFrom)}
              {select('compare-to', t('review.to'), toValue, setTo)}
              <button type="submit">{t('review.compare')}</button>
            </form>
          )}
          {comparison.error ? <LoadError error={comparison.error} /> : comparison.data && (
            <div id="comparison" class="grid">
              <section class="card" aria-labelledby="h-added">
                <h3 id="h-added">{t('review.added', { count: comparison.data.added.length })}</h3>
                {links(comparison.data.added)}
              </section>
              <section class="card" aria-labelledby="h-removed">
                <h3 id="h-removed">{t('review.removed', { count: comparison.data.removed.length })}</h3>
                {links(comparison.data.removed)}
              </section>
            </div>
          )}
        </>
      )}
    </section>
  );
}
