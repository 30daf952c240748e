// Messages in the six UN languages, ICU MessageFormat (plurals with every CLDR form: Arabic has
// zero, one, two, few, many and other). Each language file is its own chunk, loaded once.
import { IntlMessageFormat } from 'intl-messageformat';

export const LANGS = ['ar', 'en', 'es', 'fr', 'ru', 'zh'] as const;
export type Lang = (typeof LANGS)[number];
export type Messages = Record<string, string>;

export const LANG_NAMES: Record<Lang, string> = {
  ar: 'العربية',
  en: 'English',
  es: 'Español',
  fr: 'Français',
  ru: 'Русский',
  zh: '中文',
};

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export function dirOf(lang: Lang): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

/** The language of a path's first segment (`/ar/search` → ar), or null. */
export function langFromPath(pathname: string): Lang | null {
  const first = pathname.split('/')[1];
  return isLang(first) ? first : null;
}

/** The first of the browser's preferred languages we have (`fr-CA` → fr), else English. */
export function negotiate(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

// Each language's messages, and the prizes pages' (./prizes-<lang>.json: loaded with those pages
// only, so that every other page, the home page first, stays within its JavaScript budget), are
// chunks of their own, loaded on demand. The administrators', moderators' and experts' pages add
// theirs (./prizes-admin-<lang>.json), which the voting page, made for slow phones, never loads.
const files = import.meta.glob<{ default: Messages }>(['./??.json', './prizes-??.json', './prizes-admin-??.json']);
const loadFile = async (name: string): Promise<Messages> => (await files[`./${name}.json`]()).default;

let prizesWanted = false;
let prizesAdminWanted = false;

export async function loadMessages(lang: Lang): Promise<Messages> {
  const messages = await loadFile(lang);
  // Once a prizes page has been shown, a language switch brings its messages too.
  if (prizesWanted) Object.assign(messages, await loadFile(`prizes-${lang}`));
  if (prizesAdminWanted) Object.assign(messages, await loadFile(`prizes-admin-${lang}`));
  return messages;
}

/** Adds the prizes pages' messages to the language's (the Translator reads that object); `admin`:
 *  those of the administrators', moderators' and experts' pages too. */
export async function loadPrizesMessages(lang: Lang, admin = false): Promise<void> {
  prizesWanted = true;
  if (admin) prizesAdminWanted = true;
  await loadMessages(lang);
}

export type Values = Record<string, string | number>;

export class Translator {
  private cache = new Map<string, IntlMessageFormat>();
  private numbers: Intl.NumberFormat;
  private dates: Intl.DateTimeFormat;

  constructor(
    readonly lang: Lang,
    private messages: Messages,
  ) {
    this.numbers = new Intl.NumberFormat(lang);
    this.dates = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  }

  t = (key: string, values?: Values): string => {
    const source = this.messages[key];
    if (source === undefined) return key;
    if (!values && !source.includes('{')) return source;
    let format = this.cache.get(key);
    if (!format) {
      format = new IntlMessageFormat(source, this.lang);
      this.cache.set(key, format);
    }
    return String(format.format(values));
  };

  has = (key: string): boolean => key in this.messages;
  number = (n: number): string => this.numbers.format(n);
  date = (iso: string | null | undefined): string => {
    if (!iso) return '';
    const d = new Date(iso.length === 10 ? iso + 'T00:00:00Z' : iso);
    return Number.isNaN(d.getTime()) ? iso : this.dates.format(d);
  };
}
