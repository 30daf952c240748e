// Reference lists (action lines, SDGs, countries, regions, stakeholder types) in the page's
// language, fetched once per language. Names come from the API, never re-translated here.
import { get } from './client';
import type { Lang } from '../i18n';

export interface ActionLine {
  code: string;
  parent: string | null;
  order: number;
  title: string;
  short: string;
  facilitators: string[];
}
export interface SdgTarget {
  code: string;
  title: string;
}
export interface Sdg {
  number: number;
  code: string;
  short: string;
  title: string;
  targets: SdgTarget[];
}
export interface Country {
  iso3: string;
  region: string;
  name: string;
}
export interface Region {
  code: string;
  title: string;
  countries: number;
}
export interface StakeholderType {
  code: string;
  title: string;
}

const cache = new Map<string, Promise<unknown>>();

function cached<T>(lang: Lang, list: string): Promise<T[]> {
  const key = `${lang}:${list}`;
  let promise = cache.get(key) as Promise<T[]> | undefined;
  if (!promise) {
    promise = get<{ items: T[] }>(`/api/v1/reference/${list}?lang=${lang}`).then((r) => r.items);
    promise.catch(() => cache.delete(key));
    cache.set(key, promise);
  }
  return promise;
}

export const actionLines = (lang: Lang) => cached<ActionLine>(lang, 'action-lines');
export const sdgs = (lang: Lang) => cached<Sdg>(lang, 'sdgs');
export const countries = (lang: Lang) => cached<Country>(lang, 'countries');
export const regions = (lang: Lang) => cached<Region>(lang, 'regions');
export const stakeholderTypes = (lang: Lang) => cached<StakeholderType>(lang, 'stakeholder-types');

/** code → display name for one list, to label facet values and entry fields. */
export function nameMap<T>(items: T[], key: (item: T) => string, name: (item: T) => string): Map<string, string> {
  return new Map(items.map((item) => [key(item), name(item)]));
}

// The official colours of the 17 Sustainable Development Goals (UN SDG communications guide).
export const SDG_COLOURS = [
  '#E5243B', '#DDA63A', '#4C9F38', '#C5192D', '#FF3A21', '#26BDE2', '#FCC30B', '#A21942', '#FD6925',
  '#DD1367', '#FD9D24', '#BF8B2E', '#3F7E44', '#0A97D9', '#56C02B', '#00689D', '#19486A',
];
