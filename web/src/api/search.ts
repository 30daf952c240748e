// The search page's one door to the server. It asks GET /api/v1/search (text search with
// highlights) and, while that route answers 404 (not deployed yet), falls back to the
// filtered list GET /api/v1/entries plus GET /api/v1/entries/facets, without the text query.
import { ApiError, get, queryString } from './client';
import type { FacetName, Facets, SearchItem } from './types';
import { FACETS } from './types';

export type Sort = 'relevance' | 'date' | 'title';
export type Filters = Partial<Record<FacetName, string[]>>;

export interface SearchQuery {
  q: string;
  sort: Sort;
  filters: Filters;
  cursor?: string;
  limit?: number;
  lang: string;
}

export interface SearchResult {
  total: number;
  items: SearchItem[];
  facets: Facets;
  next_cursor: string | null;
  /** false when the answer came from the list fallback, which ignores `q`. */
  textSearch: boolean;
}

export interface Suggestion {
  text: string;
  kind: 'entry' | 'action_line' | 'sdg' | 'target';
  id?: number;
  code?: string;
}

type Fetcher = <T>(path: string, signal?: AbortSignal) => Promise<T>;

export class SearchClient {
  /** undefined until the first answer tells whether /api/v1/search exists. */
  private available: boolean | undefined;

  constructor(private fetcher: Fetcher = get) {}

  async search(query: SearchQuery, signal?: AbortSignal): Promise<SearchResult> {
    if (this.available !== false) {
      try {
        const path = '/api/v1/search' + queryString({ ...flatten(query.filters), q: query.q, sort: query.sort,
          cursor: query.cursor, limit: query.limit, lang: query.lang });
        const answer = await this.fetcher<Omit<SearchResult, 'textSearch'>>(path, signal);
        this.available = true;
        return { ...answer, textSearch: true };
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
        this.available = false;
      }
    }
    const filters = flatten(query.filters);
    const listPath = '/api/v1/entries' + queryString({ ...filters, sort: query.sort === 'title' ? 'title' : 'date',
      cursor: query.cursor, limit: query.limit, lang: query.lang });
    const facetPath = '/api/v1/entries/facets' + queryString({ ...filters, lang: query.lang });
    const [list, facets] = await Promise.all([
      this.fetcher<{ items: SearchItem[]; next_cursor: string | null }>(listPath, signal),
      this.fetcher<{ total: number; facets: Facets }>(facetPath, signal),
    ]);
    return { total: facets.total, items: list.items, facets: facets.facets, next_cursor: list.next_cursor,
      textSearch: false };
  }

  /** Type-ahead suggestions; an empty list while the search route is missing. */
  async suggest(q: string, lang: string, signal?: AbortSignal): Promise<Suggestion[]> {
    if (this.available === false || !q.trim()) return [];
    try {
      const answer = await this.fetcher<{ suggestions: Suggestion[] }>(
        '/api/v1/search/suggest' + queryString({ q, lang }), signal);
      return answer.suggestions;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.available = false;
        return [];
      }
      throw error;
    }
  }

  get textSearchAvailable(): boolean | undefined {
    return this.available;
  }
}

function flatten(filters: Filters): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of FACETS) if (filters[name]?.length) out[name] = filters[name]!;
  return out;
}

/** The search state kept in the page address, so a search can be shared and the back button works. */
export function queryFromUrl(params: URLSearchParams): Omit<SearchQuery, 'lang' | 'limit'> {
  const filters: Filters = {};
  for (const name of FACETS) {
    const value = params.get(name);
    if (value) filters[name] = value.split(',').filter(Boolean);
  }
  const sort = params.get('sort');
  return {
    q: params.get('q') ?? '',
    sort: sort === 'date' || sort === 'title' || sort === 'relevance' ? sort : 'relevance',
    filters,
    cursor: params.get('cursor') ?? undefined,
  };
}

export function urlFromQuery(query: Omit<SearchQuery, 'lang' | 'limit'>): string {
  return queryString({ q: query.q.trim(), ...flatten(query.filters),
    sort: query.sort === 'relevance' ? undefined : query.sort, cursor: query.cursor });
}

export function toggleFilter(filters: Filters, name: FacetName, value: string): Filters {
  const current = filters[name] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...filters, [name]: next };
}

export const searchClient = new SearchClient();
