// A regional report (an ITU region or the world, a year or a period) as a page, with the same
// report to download as PDF, XLSX or CSV in the page's language.
import { useApp, useTitle } from '../context';
import type { PageProps } from '../router';
import { navigate } from '../router';
import { useAsync } from '../hooks';
import { get } from '../api/client';
import * as ref from '../api/reference';
import { BarChart, ChartTable, type Datum } from '../components/Chart';
import { LoadError, Loading } from '../components/Status';
import { period } from '../matrix/model';

interface ReportRow { code: string; name: string; entries: number; share: number; colour?: string }
interface RegionalReport {
  region: string;
  region_name: string;
  title: string;
  period: string;
  totals: { entries: number; organisations: number; countries: number };
  tables: { key: string; heading: string; rows: ReportRow[] }[];
  gaps: { few_below: number; goals_without: number[]; targets_without_entries: number;
    targets_few: { target: string; entries: number }[] };
  success_stories: { id: number; title: string; countries: string[]; year: number }[];
}

const FIRST_YEAR = 2005;
const FORMATS = ['pdf', 'xlsx', 'csv'] as const;
// Each table's rows link to the search with the matching filter.
const FILTER_OF: Record<string, string> = { action_lines: 'action_line', goals: 'sdg', stakeholders: 'stakeholder_type',
  countries: 'country', trend: 'year' };

export default function Report({ query }: PageProps) {
  const { t, tr, lang, href } = useApp();
  useTitle(t('report.title'));
  const region = /^[a-z-]{2,40}$/.test(query.get('region') ?? '') ? (query.get('region') as string) : 'world';
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const year = period(from, to);
  const regions = useAsync(() => ref.regions(lang), [lang]);
  const path = `/api/v1/reports/regions/${encodeURIComponent(region)}`;
  const params = (extra: Record<string, string>) => {
    const p = new URLSearchParams({ ...(year ? { year } : {}), lang, ...extra });
    return p.toString();
  };
  const report = useAsync((signal) => get<RegionalReport>(`${path}?${params({})}`, signal), [region, year, lang]);
  const go = (next: Record<string, string>) => {
    const p = new URLSearchParams({ region, from, to, ...next });
    for (const [k, v] of [...p]) if (!v) p.delete(k);
    navigate(href(`reports?${p}`), true);
  };
  const years: string[] = [];
  for (let y = new Date().getFullYear(); y >= FIRST_YEAR; y--) years.push(String(y));
  const yearSelect = (id: string, label: string, value: string, key: string) => (
    <label>{label}{' '}
      <select id={id} value={value} onChange={(e) => go({ [key]: (e.target as HTMLSelectElement).value })}>
        <option value="">{t('matrix.allYears')}</option>
        {years.map((y) => <option key={y} value={y}>{y}</option>)}
      </select>
    </label>
  );
  const data = report.data;
  return (
    <>
      <h1 tabIndex={-1}>{t('report.title')}</h1>
      <p>{t('report.intro')}</p>
      <form class="actions" onSubmit={(e) => e.preventDefault()}>
        <label>{t('facet.region')}{' '}
          <select id="report-region" value={region} onChange={(e) => go({ region: (e.target as HTMLSelectElement).value })}>
            <option value="world">{t('report.world')}</option>
            {regions.data?.map((r) => <option key={r.code} value={r.code}>{r.title}</option>)}
          </select>
        </label>
        {yearSelect('report-from', t('report.from'), from, 'from')}
        {yearSelect('report-to', t('report.to'), to, 'to')}
      </form>
      <p class="downloads">
        {t('report.download')}{' '}
        {FORMATS.map((f) => (
          <a key={f} class="button secondary" data-format={f} href={`${path}?${params({ format: f })}`} download>
            {t(`report.format.${f}`)}</a>
        ))}
      </p>
      {report.error ? <LoadError error={report.error} /> : !data ? <Loading /> : (
        <>
          <h2>{data.title} · {data.period}</h2>
          <ul class="totals" aria-label={t('home.totals')}>
            <li data-total="entries"><strong>{tr.number(data.totals.entries)}</strong>
              {t('home.entries', { count: data.totals.entries })}</li>
            <li data-total="organisations"><strong>{tr.number(data.totals.organisations)}</strong>
              {t('report.organisations', { count: data.totals.organisations })}</li>
            <li data-total="countries"><strong>{tr.number(data.totals.countries)}</strong>
              {t('home.countries', { count: data.totals.countries })}</li>
          </ul>
          <div class="grid">
            {data.tables.map((table) => <ReportTable key={table.key} table={table} region={region} />)}
          </div>
          <section class="card" aria-labelledby="h-gaps">
            <h2 id="h-gaps">{t('report.gaps')}</h2>
            <p>{data.gaps.goals_without.length ? t('report.goalsWithout', { list: data.gaps.goals_without.join(', ') })
              : t('report.noGoalWithout')}</p>
            <p>{t('report.targetsWithout', { count: data.gaps.targets_without_entries })}</p>
            {data.gaps.targets_few.length > 0 && (
              <details>
                <summary>{t('report.targetsFew', { count: data.gaps.targets_few.length, few: data.gaps.few_below })}</summary>
                <ul class="chips">
                  {data.gaps.targets_few.map((g) => (
                    <li key={g.target}><a href={href(`search?target=${encodeURIComponent(g.target)}`)}>{g.target}</a> ({g.entries})</li>
                  ))}
                </ul>
              </details>
            )}
          </section>
          <section aria-labelledby="h-stories">
            <h2 id="h-stories">{t('report.successStories')}</h2>
            {data.success_stories.length === 0 ? <p>{t('report.noStories')}</p> : (
              <ul>
                {data.success_stories.map((s) => (
                  <li key={s.id}><a href={href(`entries/${s.id}`)}>{s.title}</a> <span class="meta">({s.year})</span></li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}

function ReportTable({ table, region }: { table: RegionalReport['tables'][number]; region: string }) {
  const { t, href } = useApp();
  const rows: Datum[] = table.rows.map((r) => ({ key: r.code, label: r.name, value: r.entries, colour: r.colour }));
  const filter = FILTER_OF[table.key];
  // The region stays a filter of the search (except for a country, which is in it already).
  const within = region !== 'world' && table.key !== 'countries' ? `&region=${encodeURIComponent(region)}` : '';
  const link = filter ? (d: Datum) => href(`search?${filter}=${encodeURIComponent(d.key)}${within}`) : undefined;
  const top = [...rows].sort((a, b) => b.value - a.value)[0];
  return (
    <section class="card" id={`report-${table.key}`} aria-labelledby={`h-${table.key}`}>
      <h2 id={`h-${table.key}`}>{table.heading}</h2>
      <BarChart data={rows} link={link} summary={t('chart.summary', { name: table.heading, count: rows.length,
        top: top?.label ?? '' })} />
      <ChartTable caption={table.heading} data={rows} link={link} labelHeader={table.heading}
        countHeader={t('common.entries')} />
    </section>
  );
}
