import { createContext } from 'preact';
import { useContext, useEffect } from 'preact/hooks';
import type { Lang, Translator } from './i18n';
import type { Session } from './api/types';

export interface AppContextValue {
  lang: Lang;
  tr: Translator;
  t: Translator['t'];
  session: Session | null;
  sessionLoaded: boolean;
  setSession(session: Session | null): void;
  /** An address in the current language: href('search?q=x') → /ar/search?q=x. */
  href(path: string): string;
}

export const AppContext = createContext<AppContextValue>(null as unknown as AppContextValue);
export const useApp = () => useContext(AppContext);

export function useTitle(title: string): void {
  const { t } = useApp();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title]);
}

export function hasRole(session: Session | null, ...roles: string[]): boolean {
  return !!session && session.user.roles.some((r) => roles.includes(r));
}
export const isModerator = (session: Session | null) => hasRole(session, 'moderator', 'administrator');
