import { useApp, useTitle } from '../context';
import { useAsync } from '../hooks';
import { getOnce, homeFacetsPath } from '../prefetch';
import type { FacetName, Facets } from '../api/types';
import { SDG_COLOURS } from '../api/reference';
import { facetLabel, useLabels, type Labels } from '../labels';
import { ChartTable, HtmlBars, WorldMap, type Datum } from '../components/Chart';
import { LoadError, Loading } from '../components/Status';
import { SearchBox } from '../components/SearchBox';

export default function Home() {
  const { t, tr, lang, href } = useApp();
  useTitle(t('home.title'));
  const facets = useAsync((signal) => getOnce<{ total: number; facets: Facets }>(homeFacetsPath(lang), signal), [lang]);

  const data = facets.data;
  return (
    <>
      <h1 tabIndex={-1}>{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
      <SearchBox initial="" />
      {facets.error ? <LoadError error={facets.error} /> : null}
      {!data ? (
        facets.error ? null : <Loading />
      ) : (
        <>
          <ul class="totals" aria-label={t('home.totals')}>
            <li data-total="entries">
              <strong>{tr.number(data.total)}</strong>
              {t('home.entries', { count: data.total })}
            </li>
            <li data-total="countries">
              <strong>{tr.number(data.facets.country.filter((c) => c.value !== 'global').length)}</strong>
              {t('home.countries', { count: data.facets.country.filter((c) => c.value !== 'global').length })}
            </li>
            <li data-total="success">
              <strong>{tr.number(data.facets.success_story.find((s) => s.value === 'true')?.count ?? 0)}</strong>
              {t('home.successStories', { count: data.facets.success_story.find((s) => s.value === 'true')?.count ?? 0 })}
            </li>
          </ul>
          <Charts facets={data.facets} />
        </>
      )}
      <p>
        <a href={href('search')}>{t('home.browseAll')}</a>
      </p>
    </>
  );
}

// The charts need the reference lists (names of action lines, goals, countries); they are
// asked for after the totals, so on a slow connection the figures come first.
function Charts({ facets }: { facets: Facets }) {
  const { lang } = useApp();
  const labels = useLabels(lang);
  return labels.data ? <ChartGrid facets={facets} labels={labels.data} /> : <Loading />;
}

// The map is drawn by ECharts (its core and map chunks), the bars in HTML: ECharts' bar chunk
// would take the page's JavaScript over its 150 KB budget (docs/PERFORMANCE.md).
function ChartGrid({ facets, labels }: { facets: Facets; labels: Labels }) {
  const { t, tr, href } = useApp();
  const data = (facet: FacetName, order?: (a: Datum, b: Datum) => number): Datum[] => {
    const rows = facets[facet].map((f) => ({ key: f.value, label: facetLabel(labels, tr, facet, f.value), value: f.count }));
    return order ? rows.sort(order) : rows;
  };
  const link = (facet: FacetName) => (d: Datum) => href(`search?${facet}=${encodeURIComponent(d.key)}`);
  const sdgData = data('sdg', (a, b) => Number(a.key) - Number(b.key)).map((d) => ({
    ...d, colour: SDG_COLOURS[Number(d.key) - 1],
  }));
  const byActionLine = data('action_line', (a, b) => order(labels, a.key) - order(labels, b.key));
  const summary = (name: string, rows: Datum[]) => t('chart.summary', { name, count: rows.length,
    top: rows.length ? [...rows].sort((a, b) => b.value - a.value)[0].label : '' });
  const sections: { id: string; title: string; kind: 'bar' | 'map'; rows: Datum[]; facet: FacetName }[] = [
    { id: 'map', title: t('home.byCountry'), kind: 'map', rows: data('country').filter((d) => d.key !== 'global'),
      facet: 'country' },
    { id: 'action-lines', title: t('home.byActionLine'), kind: 'bar', rows: byActionLine, facet: 'action_line' },
    { id: 'sdgs', title: t('home.bySdg'), kind: 'bar', rows: sdgData, facet: 'sdg' },
    { id: 'regions', title: t('home.byRegion'), kind: 'bar', rows: data('region'), facet: 'region' },
    { id: 'years', title: t('home.byYear'), kind: 'bar', rows: data('year', (a, b) => Number(b.key) - Number(a.key)),
      facet: 'year' },
  ];
  return (
    <div class="grid">
      {sections.map((s) => (
        <section class="card" key={s.id} id={`chart-${s.id}`} aria-labelledby={`h-${s.id}`}>
          <h2 id={`h-${s.id}`}>{s.title}</h2>
          {s.kind === 'map' ? <WorldMap data={s.rows} link={link(s.facet)} summary={summary(s.title, s.rows)} />
            : <HtmlBars data={s.rows} link={link(s.facet)} summary={summary(s.title, s.rows)} />}
          <ChartTable caption={s.title} data={s.rows} link={link(s.facet)}
            labelHeader={t(`facet.${s.facet}`)} countHeader={t('common.entries')} />
        </section>
      ))}
    </div>
  );
}

function order(labels: Labels, code: string): number {
  return labels.actionLines.find((a) => a.code === code)?.order ?? 999;
}
