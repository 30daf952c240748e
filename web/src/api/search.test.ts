import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { SearchClient, queryFromUrl, toggleFilter, urlFromQuery } from './search';
import { plainText, safeHighlight } from '../components/EntryList';

const facets = { action_line: [], sdg: [], target: [], country: [], region: [], stakeholder_type: [], language: [],
  status: [], type: [], year: [], success_story: [] };

function fakeServer(searchExists: boolean) {
  const calls: string[] = [];
  const fetcher = async <T,>(path: string): Promise<T> => {
    calls.push(path);
    if (path.startsWith('/api/v1/search/suggest')) {
      if (!searchExists) throw new ApiError(404, '/problems/not-found', '');
      return { suggestions: [{ text: 'C3 Access', kind: 'action_line', code: 'C3' }] } as T;
    }
    if (path.startsWith('/api/v1/search')) {
      if (!searchExists) throw new ApiError(404, '/problems/not-found', '');
      return { total: 1, items: [{ id: 7, highlight: { title: '<mark>x</mark>' } }], facets, next_cursor: null } as T;
    }
    if (path.startsWith('/api/v1/entries/facets')) return { total: 42, facets } as T;
    if (path.startsWith('/api/v1/entries')) return { items: [{ id: 1 }], next_cursor: 'abc' } as T;
    throw new Error('unexpected ' + path);
  };
  return { calls, fetcher };
}

describe('SearchClient', () => {
  it('uses /api/v1/search when it answers', async () => {
    const server = fakeServer(true);
    const client = new SearchClient(server.fetcher);
    const result = await client.search({ q: 'health', sort: 'relevance', filters: { sdg: ['3'] }, lang: 'fr' });
    expect(result.textSearch).toBe(true);
    expect(result.items[0].id).toBe(7);
    expect(server.calls).toEqual(['/api/v1/search?sdg=3&q=health&sort=relevance&lang=fr']);
  });

  it('falls back to the list and the facets on 404, without q, and remembers', async () => {
    const server = fakeServer(false);
    const client = new SearchClient(server.fetcher);
    const result = await client.search({ q: 'health', sort: 'title', filters: { country: ['SEN', 'MRT'] }, lang: 'ar',
      limit: 20 });
    expect(result).toMatchObject({ total: 42, textSearch: false, next_cursor: 'abc' });
    expect(server.calls.slice(1)).toEqual([
      '/api/v1/entries?country=SEN%2CMRT&sort=title&limit=20&lang=ar',
      '/api/v1/entries/facets?country=SEN%2CMRT&lang=ar',
    ]);
    server.calls.length = 0;
    await client.search({ q: '', sort: 'relevance', filters: {}, lang: 'en' });
    expect(server.calls.some((c) => c.startsWith('/api/v1/search'))).toBe(false);
    expect(server.calls[0]).toBe('/api/v1/entries?sort=date&lang=en');
    expect(await client.suggest('acc', 'en')).toEqual([]);
  });

  it('does not hide other errors behind the fallback', async () => {
    const client = new SearchClient(async () => {
      throw new ApiError(400, '/problems/invalid-query', 'bad');
    });
    await expect(client.search({ q: '', sort: 'date', filters: {}, lang: 'en' })).rejects.toThrow('bad');
  });

  it('passes suggestions through', async () => {
    const client = new SearchClient(fakeServer(true).fetcher);
    expect((await client.suggest('acc', 'en'))[0].code).toBe('C3');
  });
});

describe('search state in the address', () => {
  it('round-trips filters, text and sort', () => {
    const query = queryFromUrl(new URLSearchParams('q=water&sdg=6,14&region=africa&sort=title'));
    expect(query).toEqual({ q: 'water', sort: 'title', filters: { sdg: ['6', '14'], region: ['africa'] }, cursor: undefined });
    expect(queryFromUrl(new URLSearchParams(urlFromQuery(query).slice(1)))).toEqual(query);
  });
  it('toggles a filter value on and off', () => {
    const on = toggleFilter({}, 'sdg', '4');
    expect(on.sdg).toEqual(['4']);
    expect(toggleFilter(on, 'sdg', '4').sdg).toEqual([]);
  });
});

describe('highlights', () => {
  it('keeps <mark> and escapes anything else', () => {
    expect(safeHighlight('a <mark>b</mark> &amp; c')).toBe('a <mark>b</mark> &amp; c');
    expect(safeHighlight('<img src=x onerror=alert(1)><mark>y</mark>')).toBe('&lt;img src=x onerror=alert(1)&gt;<mark>y</mark>');
  });
});

describe('summaries', () => {
  it('drop Markdown marks but keep the words', () => {
    expect(plainText('with **farmers** and *[the ITU](https://itu.int)*\n# Goal `x`')).toBe('with farmers and the ITU\nGoal x');
  });
});
