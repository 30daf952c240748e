import { render } from 'preact';
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/700.css';
import './styles.css';
import { App } from './App';
import { langFromPath, negotiate } from './i18n';
import { interceptLinks, withoutLang } from './router';
import { homeFacetsPath, prefetch } from './prefetch';

// An address without a language gets one: the last one chosen here, else the browser's.
if (!langFromPath(location.pathname)) {
  let chosen: string | null = null;
  try {
    chosen = localStorage.getItem('wsis-lang');
  } catch {
    // storage blocked: fall back to the browser's languages
  }
  const lang = negotiate(chosen ? [chosen] : navigator.languages ?? [navigator.language]);
  history.replaceState(null, '', `/${lang}${location.pathname === '/' ? '/' : location.pathname}${location.search}`);
}

// The home page's figures are requested at once, alongside the language's messages.
if (withoutLang(location.pathname) === '') prefetch(homeFacetsPath(langFromPath(location.pathname) ?? 'en'));

const root = document.getElementById('app')!;
interceptLinks(root);
render(<App />, root);
void import('./fonts-cjk');
