import { render } from 'preact';
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/700.css';
import '@fontsource/noto-sans-sc/400.css';
import './styles.css';
import { App } from './App';
import { langFromPath, negotiate } from './i18n';
import { interceptLinks } from './router';

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

const root = document.getElementById('app')!;
interceptLinks(root);
render(<App />, root);
