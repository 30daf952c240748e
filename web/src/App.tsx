import type { ComponentType } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AppContext, useApp, type AppContextValue } from './context';
import { dirOf, langFromPath, loadMessages, Translator, type Lang } from './i18n';
import { match, useLocation, type PageProps } from './router';
import { get, setApiLanguage, setCsrfToken } from './api/client';
import type { Session } from './api/types';
import { Layout } from './components/Layout';

interface Loaded {
  path: string;
  Page: ComponentType<PageProps>;
  params: Record<string, string>;
}

export function App() {
  const { pathname, search } = useLocation();
  const lang: Lang = langFromPath(pathname) ?? 'en';
  const [tr, setTr] = useState<Translator | null>(null);
  const [session, setSessionState] = useState<Session | null>(null);
  const [sessionLoaded, setSessionLoaded] = useState(false);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [notFound, setNotFound] = useState(false);
  const firstRender = useRef(true);

  useEffect(() => {
    let live = true;
    setApiLanguage(lang);
    loadMessages(lang).then((messages) => live && setTr(new Translator(lang, messages)));
    document.documentElement.lang = lang;
    document.documentElement.dir = dirOf(lang);
    try {
      localStorage.setItem('wsis-lang', lang);
    } catch {
      // private mode: the choice lasts as long as the address
    }
    return () => {
      live = false;
    };
  }, [lang]);

  useEffect(() => {
    get<Session>('/api/v1/auth/session')
      .then((s) => setSession(s))
      .catch(() => setSession(null))
      .finally(() => setSessionLoaded(true));
  }, []);

  const rest = pathname.split('/').slice(2).join('/');
  useEffect(() => {
    const { route, params } = match(rest);
    if (!route) {
      setNotFound(true);
      return;
    }
    let live = true;
    route.load().then((module) => {
      if (!live) return;
      setNotFound(false);
      setLoaded({ path: rest, Page: module.default, params });
      // After a navigation (not the first load) focus moves to the new page's heading, so
      // screen reader users hear where they are.
      if (!firstRender.current)
        requestAnimationFrame(() =>
          ((document.querySelector('main h1') ?? document.getElementById('main')) as HTMLElement | null)?.focus());
      firstRender.current = false;
    });
    return () => {
      live = false;
    };
  }, [rest]);

  function setSession(s: Session | null) {
    setCsrfToken(s?.csrf_token ?? null);
    setSessionState(s);
  }

  const value = useMemo<AppContextValue | null>(
    () =>
      tr && tr.lang === lang
        ? { lang, tr, t: tr.t, session, sessionLoaded, setSession, href: (path: string) => `/${lang}/${path}` }
        : null,
    [tr, lang, session, sessionLoaded],
  );
  if (!value) return null;
  const query = new URLSearchParams(search);
  return (
    <AppContext.Provider value={value}>
      <Layout>
        {notFound ? (
          <NotFound />
        ) : loaded && loaded.path === rest ? (
          <loaded.Page key={loaded.path + '|' + lang} params={loaded.params} query={query} />
        ) : (
          <p aria-busy="true">{value.t('common.loading')}</p>
        )}
      </Layout>
    </AppContext.Provider>
  );
}

function NotFound() {
  const { t, href } = useApp();
  return (
    <section>
      <h1 tabIndex={-1}>{t('notFound.title')}</h1>
      <p>
        <a href={href('')}>{t('nav.home')}</a>
      </p>
    </section>
  );
}
