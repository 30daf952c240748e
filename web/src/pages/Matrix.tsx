// The WSIS–SDG Matrix as a heatmap: a real table (action lines × goals) whose every cell is a
// button with its value in words, and a symbol or number beside the colour. One button is in
// the tab order; the arrow keys move between cells and Enter opens the cell's targets.
import { useEffect, useRef, useState } from 'preact/hooks';
import { isModerator, useApp, useTitle } from '../context';
import type { PageProps } from '../router';
import { navigate } from '../router';
import { useAsync } from '../hooks';
import { get } from '../api/client';
import { SDG_COLOURS } from '../api/reference';
import { useLabels, type Labels } from '../labels';
import { LoadError, Loading } from '../components/Status';
import {
  VIEWS, cellKey, cellLook, filterQuery, guidanceByCell, moveInGrid, stateFromUrl, urlFromState,
  type Evidence, type EvidenceCell, type Guidance, type MatrixState,
} from '../matrix/model';

const FIRST_YEAR = 2005;

export default function Matrix({ query }: PageProps) {
  const { t, lang, href, session } = useApp();
  useTitle(t('matrix.title'));
  const state = stateFromUrl(query);
  const go = (next: Partial<MatrixState>, replace = true) => navigate(href('matrix' + urlFromState({ ...state, ...next })), replace);
  const filters = filterQuery(state);
  const evidence = useAsync((signal) => get<Evidence>(`/api/v1/matrix/evidence${filters}`, signal), [filters]);
  const guidance = useAsync((signal) => state.view === 'difference' ? get<Guidance>('/api/v1/matrix/guidance', signal)
    : Promise.resolve(undefined), [state.view === 'difference']);
  const labels = useLabels(lang);
  const years: string[] = [];
  for (let y = new Date().getFullYear(); y >= FIRST_YEAR; y--) years.push(String(y));

  return (
    <>
      <h1 tabIndex={-1}>{t('matrix.title')}</h1>
      <p>{t('matrix.intro')}</p>
      <form class="actions matrix-controls" onSubmit={(e) => e.preventDefault()}>
        <fieldset class="views">
          <legend>{t('matrix.view')}</legend>
          {VIEWS.map((v) => (
            <label key={v}>
              <input type="radio" name="view" value={v} checked={state.view === v} onChange={() => go({ view: v })} />
              {t(`matrix.view.${v}`)}
            </label>
          ))}
        </fieldset>
        {state.view === 'evidence' && (
          <label>
            {t('matrix.measure')}{' '}
            <select id="matrix-measure" value={state.measure}
              onChange={(e) => go({ measure: (e.target as HTMLSelectElement).value as MatrixState['measure'] })}>
              <option value="entries">{t('matrix.measure.entries')}</option>
              <option value="lift">{t('matrix.measure.lift')}</option>
            </select>
          </label>
        )}
        <label>
          {t('facet.region')}{' '}
          <select id="matrix-region" value={state.region} onChange={(e) => go({ region: (e.target as HTMLSelectElement).value })}>
            <option value="">{t('matrix.allRegions')}</option>
            {labels.data && [...labels.data.regions].map(([code, name]) => <option key={code} value={code}>{name}</option>)}
          </select>
        </label>
        <label>
          {t('facet.year')}{' '}
          <select id="matrix-year" value={state.year} onChange={(e) => go({ year: (e.target as HTMLSelectElement).value })}>
            <option value="">{t('matrix.allYears')}</option>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </label>
      </form>
      {state.view === 'difference' && <p class="hint">{t('matrix.differenceNote')}</p>}
      {evidence.error ? <LoadError error={evidence.error} /> : guidance.error ? <LoadError error={guidance.error} />
        : !evidence.data || !labels.data || (state.view === 'difference' && !guidance.data) ? <Loading /> : (
          <>
            <p>{t('matrix.summary', { count: evidence.data.total, version: evidence.data.reference_version })}</p>
            <Heatmap evidence={evidence.data} guidance={guidance.data} labels={labels.data} state={state}
              open={(cell) => go({ cell }, false)} />
            <Legend state={state} />
            {state.cell && <DrillDown state={state} labels={labels.data}
              cell={evidence.data.cells.find((c) => c.action_line === state.cell?.actionLine && c.goal === state.cell.goal)} />}
          </>
        )}
      <p>
        {isModerator(session) && <><a href={href('matrix/review')}>{t('matrix.reviewLink')}</a> · </>}
        <a href={href('reports')}>{t('nav.reports')}</a>
      </p>
    </>
  );
}

function Heatmap({ evidence, guidance, labels, state, open }: {
  evidence: Evidence; guidance?: Guidance; labels: Labels; state: MatrixState;
  open(cell: { actionLine: string; goal: number }): void;
}) {
  const { t, tr, lang } = useApp();
  const byCell = new Map(evidence.cells.map((c) => [cellKey(c.action_line, c.goal), c]));
  const perCell = guidanceByCell(guidance?.items ?? []);
  const maxEntries = Math.max(0, ...evidence.cells.map((c) => c.entries));
  const rows = evidence.rows.map((r) => r.action_line);
  const goals = evidence.columns.map((c) => c.goal);
  const startRow = state.cell ? Math.max(0, rows.indexOf(state.cell.actionLine)) : 0;
  const startCol = state.cell ? Math.max(0, goals.indexOf(state.cell.goal)) : 0;
  const [focus, setFocus] = useState<[number, number]>([startRow, startCol]);
  const table = useRef<HTMLTableElement>(null);
  const format = (n: number, digits = 0) => new Intl.NumberFormat(lang, { maximumFractionDigits: digits,
    minimumFractionDigits: digits }).format(n);
  const moveTo = (row: number, col: number) => {
    setFocus([row, col]);
    table.current?.querySelector<HTMLButtonElement>(`button[data-row="${row}"][data-col="${col}"]`)?.focus();
  };
  const lineName = (code: string) => labels.actionLineNames.get(code) ?? code;
  const goalName = (goal: number) => labels.sdgNames.get(String(goal)) ?? String(goal);
  const valueText = (c: EvidenceCell) => {
    const g = perCell.get(cellKey(c.action_line, c.goal));
    switch (state.view) {
      case 'reference': return t(c.reference ? `matrix.linked.${c.reference_scope ?? 'goal'}` : 'matrix.notLinked');
      case 'difference': return [g?.weak ? t('matrix.weakCount', { count: g.weak }) : '',
        g?.missing ? t('matrix.missingCount', { count: g.missing }) : '',
        !g ? t(c.reference ? 'matrix.agreeLinked' : 'matrix.notLinked') : ''].filter(Boolean).join(', ');
      default: return state.measure === 'lift'
        ? (c.lift === null ? t('matrix.noLift') : t('matrix.liftValue', { lift: format(c.lift, 1),
          low: format(c.lift_low ?? 0, 1), high: format(c.lift_high ?? 0, 1), count: c.entries }))
        : t('matrix.entriesValue', { count: c.entries });
    }
  };
  return (
    <div class="heatmap-wrap">
      <table class="heatmap" ref={table} data-view={state.view}>
        <caption>{t(`matrix.caption.${state.view}`)}</caption>
        <thead>
          <tr>
            <td />
            {goals.map((g) => (
              <th key={g} scope="col" style={{ borderBlockStart: `6px solid ${SDG_COLOURS[g - 1]}` }}>
                <abbr title={goalName(g)}>{tr.number(g)}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((line, row) => (
            <tr key={line}>
              <th scope="row" title={lineName(line)}>{labels.actionLines.find((a) => a.code === line)?.short ?? line}</th>
              {goals.map((goal, col) => {
                const c = byCell.get(cellKey(line, goal));
                if (!c) return <td key={goal} />;
                const look = cellLook({ view: state.view, measure: state.measure, cell: c, maxEntries,
                  guidance: perCell.get(cellKey(line, goal)), format });
                const selected = state.cell?.actionLine === line && state.cell.goal === goal;
                return (
                  <td key={goal}>
                    <button type="button" class="cell" data-row={row} data-col={col} data-action-line={line} data-goal={goal}
                      data-level={look.level} tabIndex={focus[0] === row && focus[1] === col ? 0 : -1}
                      aria-pressed={selected} style={{ background: look.background, color: look.ink }}
                      aria-label={`${lineName(line)} × ${goalName(goal)}: ${valueText(c)}${state.view === 'difference' && look.text !== '✓' && look.text ? ` (${look.text})` : ''}`}
                      onFocus={() => setFocus([row, col])} onClick={() => open({ actionLine: line, goal })}
                      onKeyDown={(e) => {
                        const next = moveInGrid(e.key, row, col, rows.length, goals.length, document.dir === 'rtl');
                        if (next) {
                          e.preventDefault();
                          moveTo(next[0], next[1]);
                        }
                      }}>
                      {look.text}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Legend({ state }: { state: MatrixState }) {
  const { t } = useApp();
  const items: { symbol: string; cls: string; text: string }[] =
    state.view === 'reference' ? [
      { symbol: '●', cls: 'reference-goal', text: t('matrix.linked.goal') },
      { symbol: '◐', cls: 'reference-target', text: t('matrix.linked.target') },
      { symbol: '', cls: 'reference-none', text: t('matrix.notLinked') },
    ] : state.view === 'difference' ? [
      { symbol: '−n', cls: 'difference-weak', text: t('matrix.legend.weak') },
      { symbol: '+n', cls: 'difference-missing', text: t('matrix.legend.missing') },
      { symbol: '✓', cls: 'difference-agree', text: t('matrix.agreeLinked') },
    ] : state.measure === 'lift' ? [
      { symbol: '0.4', cls: 'lift-much-lower', text: t('matrix.legend.liftLower') },
      { symbol: '1.0', cls: 'lift-neutral', text: t('matrix.legend.liftNeutral') },
      { symbol: '2.5', cls: 'lift-much-higher', text: t('matrix.legend.liftHigher') },
    ] : [
      { symbol: '0', cls: 'count-0', text: t('matrix.legend.none') },
      { symbol: 'n', cls: 'count-4', text: t('matrix.legend.count') },
    ];
  return (
    <ul class="legend" aria-label={t('matrix.legend')}>
      {items.map((i) => <li key={i.cls}><span class={`swatch ${i.cls}`} aria-hidden="true">{i.symbol}</span> {i.text}</li>)}
    </ul>
  );
}

function DrillDown({ state, cell, labels }: { state: MatrixState; cell?: EvidenceCell; labels: Labels }) {
  const { t, tr, href } = useApp();
  const selected = state.cell as { actionLine: string; goal: number };
  const heading = useRef<HTMLHeadingElement>(null);
  const query = filterQuery(state, { level: 'target', action_line: selected.actionLine, sdg: String(selected.goal) });
  const targets = useAsync((signal) => get<Evidence>(`/api/v1/matrix/evidence${query}`, signal), [query]);
  useEffect(() => heading.current?.focus(), [selected.actionLine, selected.goal]);
  const title = `${labels.actionLineNames.get(selected.actionLine) ?? selected.actionLine} × ${labels.sdgNames.get(String(selected.goal)) ?? selected.goal}`;
  const search = href('search' + filterQuery(state, { action_line: selected.actionLine, sdg: String(selected.goal) }));
  const rows = (targets.data?.cells ?? []).filter((c) => c.goal === selected.goal && c.target)
    .sort((a, b) => (a.target as string).localeCompare(b.target as string, 'en', { numeric: true }));
  return (
    <section class="card drilldown" id="matrix-cell" aria-labelledby="h-cell">
      <h2 id="h-cell" ref={heading} tabIndex={-1}>{title}</h2>
      {cell && (
        <p>
          {t(cell.reference ? `matrix.linked.${cell.reference_scope ?? 'goal'}` : 'matrix.notLinked')}
          {' · '}{t('matrix.entriesValue', { count: cell.entries })}
          {cell.lift !== null && <>{' · '}{t('matrix.liftShort', { lift: tr.number(Math.round(cell.lift * 100) / 100) })}</>}
        </p>
      )}
      <p><a id="matrix-entries" href={search}>{t('matrix.showEntries', { count: cell?.entries ?? 0 })}</a></p>
      {targets.error ? <LoadError error={targets.error} /> : !targets.data ? <Loading /> : rows.length === 0
        ? <p>{t('matrix.noTargets')}</p> : (
          <table class="targets">
            <caption>{t('matrix.targetsOf', { name: title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('facet.target')}</th>
                <th scope="col">{t('matrix.reference')}</th>
                <th scope="col" class="num">{t('common.entries')}</th>
                <th scope="col" class="num">{t('matrix.measure.lift')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.target} data-target={c.target}>
                  <th scope="row">
                    <a href={href('search' + filterQuery(state, { action_line: c.action_line, target: c.target as string }))}>
                      {c.target}</a> {labels.targets.get(c.target as string) ?? ''}
                  </th>
                  <td>{c.reference ? t(`matrix.linked.${c.reference_scope ?? 'target'}`) : t('matrix.notLinked')}</td>
                  <td class="num">{tr.number(c.entries)}</td>
                  <td class="num">{c.lift === null ? '–' : tr.number(Math.round(c.lift * 100) / 100)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
    </section>
  );
}
