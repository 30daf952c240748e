import { useApp, useTitle } from '../context';
import type { PageProps } from '../router';
import { navigate } from '../router';
import { useAsync } from '../hooks';
import { queryFromUrl, searchClient, toggleFilter, urlFromQuery, type Filters, type Sort } from '../api/search';
import type { FacetName, Facets } from '../api/types';
import { facetLabel, useLabels, type Labels } from '../labels';
import { SearchBox } from '../components/SearchBox';
import { EntryList } from '../components/EntryList';
import { LoadError, Loading } from '../components/Status';

const PANELS: FacetName[] = ['action_line', 'sdg', 'region', 'country', 'type', 'status', 'language', 'year',
  'stakeholder_type', 'success_story', 'target'];
const PAGE = 20;
const narrow = typeof matchMedia === 'function' && matchMedia('(max-width: 48rem)').matches;

export default function Search({ query: params }: PageProps) {
  const { t, lang, href } = useApp();
  useTitle(t('search.title'));
  const query = queryFromUrl(params);
  const key = params.toString();
  const result = useAsync((signal) => searchClient.search({ ...query, lang, limit: PAGE }, signal), [key, lang]);
  const labels = useLabels(lang);

  const go = (next: typeof query) => navigate(href('search' + urlFromQuery(next)));
  const setFilters = (filters: Filters) => go({ ...query, filters, cursor: undefined });
  const selectedCount = Object.values(query.filters).reduce((n, v) => n + (v?.length ?? 0), 0);
  const data = result.data;

  return (
    <>
      <h1 tabIndex={-1}>{t('search.title')}</h1>
      <SearchBox initial={query.q} onSearch={(q) => go({ ...query, q, cursor: undefined })} />
      <div class="actions">
        <label>
          {t('search.sort')}{' '}
          <select value={query.sort}
            onChange={(e) => go({ ...query, sort: (e.target as HTMLSelectElement).value as Sort, cursor: undefined })}>
            <option value="relevance">{t('search.sortRelevance')}</option>
            <option value="date">{t('search.sortDate')}</option>
            <option value="title">{t('search.sortTitle')}</option>
          </select>
        </label>
        {selectedCount > 0 && (
          <button type="button" class="secondary" onClick={() => setFilters({})}>
            {t('search.clear')}
          </button>
        )}
      </div>
      {data && query.q && !data.textSearch && <p class="notice">{t('search.textUnavailable')}</p>}
      <p role="status" aria-live="polite" id="result-count">
        {data ? t('search.count', { count: data.total }) : ''}
      </p>
      <div class="search-layout">
        <aside aria-label={t('search.filters')}>
          {/* On a phone the panels start folded, so the results are not eleven panels down. */}
          <details class="filters" open={!narrow}>
            <summary><h2>{t('search.filters')}{selectedCount ? ` (${selectedCount})` : ''}</h2></summary>
            {data && labels.data && <FacetPanels facets={data.facets} filters={query.filters} labels={labels.data}
              onToggle={(name, value) => setFilters(toggleFilter(query.filters, name, value))} />}
          </details>
        </aside>
        <section aria-labelledby="results-heading" aria-busy={result.loading}>
          <h2 id="results-heading" class="visually-hidden">{t('search.results')}</h2>
          {result.error ? <LoadError error={result.error} /> : null}
          {!data && !result.error && <Loading />}
          {data && data.items.length === 0 && <p>{t('search.none')}</p>}
          {data && <EntryList items={data.items} labels={labels.data} headingLevel={3} />}
          <nav class="pager" aria-label={t('search.pages')}>
            {query.cursor && <a href={href('search' + urlFromQuery({ ...query, cursor: undefined }))}>
              {t('search.firstPage')}</a>}
            {data?.next_cursor && <a href={href('search' + urlFromQuery({ ...query, cursor: data.next_cursor }))}>
              {t('search.nextPage')} <span class="icon-forward" aria-hidden="true">→</span></a>}
          </nav>
        </section>
      </div>
    </>
  );
}

function FacetPanels({ facets, filters, labels, onToggle }: {
  facets: Facets; filters: Filters; labels: Labels; onToggle(name: FacetName, value: string): void;
}) {
  const { t, tr } = useApp();
  return (
    <>
      {PANELS.map((name) => {
        const selected = filters[name] ?? [];
        const counts = [...facets[name]];
        for (const value of selected) if (!counts.some((c) => c.value === value)) counts.push({ value, count: 0 });
        if (!counts.length) return null;
        return (
          <fieldset class="facet" key={name} data-facet={name}>
            <legend>{t(`facet.${name}`)}</legend>
            <ul>
              {counts.map((c) => {
                const id = `f-${name}-${c.value}`;
                return (
                  <li key={c.value}>
                    <label for={id}>
                      <input type="checkbox" id={id} checked={selected.includes(c.value)}
                        onChange={() => onToggle(name, c.value)} />
                      <span>{facetLabel(labels, tr, name, c.value)}</span>
                      <span class="count">{tr.number(c.count)}</span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        );
      })}
    </>
  );
}
