// Requests started before the page's code has loaded, so that on a slow connection the data
// and the code travel together instead of one after the other. A prefetched answer is used
// once (by the first page that asks for it); later visits fetch afresh.
import { get } from './api/client';

const started = new Map<string, Promise<unknown>>();

export function prefetch(path: string): void {
  if (!started.has(path)) started.set(path, get(path));
}

export function getOnce<T>(path: string, signal?: AbortSignal): Promise<T> {
  const early = started.get(path) as Promise<T> | undefined;
  if (early) {
    started.delete(path);
    return early;
  }
  return get<T>(path, signal);
}

export const homeFacetsPath = (lang: string) => `/api/v1/entries/facets?lang=${lang}`;
