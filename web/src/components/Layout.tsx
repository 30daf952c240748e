import type { ComponentChildren } from 'preact';
import { useApp, isModerator } from '../context';
import { LANGS, LANG_NAMES } from '../i18n';
import { navigate, useLocation, withoutLang } from '../router';
import { send } from '../api/client';

export function Layout({ children }: { children: ComponentChildren }) {
  const { t, lang, href, session, setSession } = useApp();
  const { pathname, search } = useLocation();
  const rest = withoutLang(pathname);

  async function logout() {
    try {
      await send('POST', '/api/v1/auth/logout');
    } finally {
      setSession(null);
      navigate(href(''));
    }
  }

  const link = (path: string, label: string) => (
    <li>
      <a href={href(path)} aria-current={rest === path ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );

  return (
    <>
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header class="site-header">
        <div class="bar">
          <a class="brand" href={href('')}>
            {t('app.name')}
          </a>
          <nav class="languages" aria-label={t('nav.languages')}>
            <ul>
              {LANGS.map((l) => (
                <li key={l}>
                  <a href={`/${l}/${rest}${search}`} lang={l} hreflang={l}
                    aria-current={l === lang ? 'true' : undefined}>
                    {LANG_NAMES[l]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
        <nav class="main-nav" aria-label={t('nav.main')}>
          <ul>
            {link('', t('nav.home'))}
            {link('search', t('nav.search'))}
            {link('action-lines', t('nav.actionLines'))}
            {link('sdgs', t('nav.sdgs'))}
            {link('matrix', t('nav.matrix'))}
            {link('reports', t('nav.reports'))}
            {link('prizes', t('prizes.nav'))}
            {session && link('submit', t('nav.submit'))}
            {session && link('my-entries', t('nav.myEntries'))}
            {session && link('organisation', t('nav.organisation'))}
            {isModerator(session) && link('moderation', t('nav.moderation'))}
            {isModerator(session) && link('matrix/review', t('nav.matrixReview'))}
            {session && link('account', t('nav.account'))}
            {!session && link('login', t('nav.login'))}
            {!session && link('register', t('nav.register'))}
            {session && (
              <li>
                <button type="button" class="link-button" onClick={logout}>
                  {t('nav.logout')}
                </button>
              </li>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer class="site-footer">
        <p>{t('footer.text')}</p>
        <p>
          <a href="/api/v1/openapi.yaml">{t('footer.api')}</a>
        </p>
      </footer>
    </>
  );
}
