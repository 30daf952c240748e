// A small history-API router: /<lang>/<page>... ; each page module is loaded on demand, so
// every page is its own chunk.
import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { langFromPath, loadPrizesMessages } from './i18n';
// The home page is most visitors' first page: it is part of the main bundle, which saves a
// round trip on slow connections; every other page is a chunk of its own.
import Home from './pages/Home';

export interface PageProps {
  params: Record<string, string>;
  query: URLSearchParams;
}
type PageModule = { default: ComponentType<PageProps> };

// A prizes page with its messages (a chunk apart, src/i18n), in the address's language; `admin`:
// an administrators', moderators' or experts' page, with their messages too.
function withPrizesMessages(page: Promise<PageModule>, admin = false): Promise<PageModule> {
  const lang = langFromPath(window.location.pathname) ?? 'en';
  return Promise.all([page, loadPrizesMessages(lang, admin)]).then(([module]) => module);
}

interface Route {
  pattern: string; // segments after the language, ':name' captures
  load: () => Promise<PageModule>;
  name: string;
}

export const routes: Route[] = [
  { name: 'home', pattern: '', load: () => Promise.resolve({ default: Home }) },
  { name: 'search', pattern: 'search', load: () => import('./pages/Search') },
  { name: 'entry', pattern: 'entries/:id', load: () => import('./pages/Entry') },
  { name: 'edit', pattern: 'entries/:id/edit', load: () => import('./pages/Submit') },
  { name: 'submit', pattern: 'submit', load: () => import('./pages/Submit') },
  { name: 'mine', pattern: 'my-entries', load: () => import('./pages/MyEntries') },
  { name: 'moderation', pattern: 'moderation', load: () => import('./pages/Moderation') },
  { name: 'actionLines', pattern: 'action-lines', load: () => import('./pages/ActionLines') },
  { name: 'sdgs', pattern: 'sdgs', load: () => import('./pages/Sdgs') },
  { name: 'organisation', pattern: 'organisation', load: () => import('./pages/Organisation') },
  { name: 'organisationById', pattern: 'organisations/:id', load: () => import('./pages/Organisation') },
  { name: 'members', pattern: 'organisations/:id/members', load: () => import('./pages/Members') },
  { name: 'matrix', pattern: 'matrix', load: () => import('./pages/Matrix') },
  { name: 'matrixReview', pattern: 'matrix/review', load: () => import('./pages/MatrixReview') },
  { name: 'reports', pattern: 'reports', load: () => import('./pages/Report') },
  { name: 'login', pattern: 'login', load: () => import('./pages/Login') },
  { name: 'register', pattern: 'register', load: () => import('./pages/Register') },
  { name: 'account', pattern: 'account', load: () => import('./pages/Account') },
  // The WSIS Prizes
  { name: 'prizes', pattern: 'prizes', load: () => withPrizesMessages(import('./pages/Prizes')) },
  // Before prizes/:cycle, which would take 'new' for a cycle.
  { name: 'cycleNew', pattern: 'prizes/new', load: () => withPrizesMessages(import('./pages/CycleAdmin'), true) },
  { name: 'prizesCycle', pattern: 'prizes/:cycle', load: () => withPrizesMessages(import('./pages/Prizes')) },
  { name: 'nominate', pattern: 'prizes/:cycle/nominate', load: () => withPrizesMessages(import('./pages/Nominate')) },
  { name: 'nominationEdit', pattern: 'prizes/nominations/:id/edit', load: () => withPrizesMessages(import('./pages/Nominate')) },
  { name: 'myNominations', pattern: 'prizes/:cycle/mine', load: () => withPrizesMessages(import('./pages/MyNominations')) },
  { name: 'expertReview', pattern: 'prizes/:cycle/review', load: () => withPrizesMessages(import('./pages/ExpertReview'), true) },
  { name: 'cycleAdmin', pattern: 'prizes/:cycle/admin', load: () => withPrizesMessages(import('./pages/CycleAdmin'), true) },
  { name: 'cycleReviews', pattern: 'prizes/:cycle/reviews', load: () => withPrizesMessages(import('./pages/CycleReviews'), true) },
  { name: 'fraudSignals', pattern: 'prizes/:cycle/fraud-signals', load: () => withPrizesMessages(import('./pages/FraudSignals'), true) },
  { name: 'winnerPick', pattern: 'prizes/:cycle/winners', load: () => withPrizesMessages(import('./pages/WinnerPick'), true) },
  { name: 'vote', pattern: 'prizes/:cycle/vote', load: () => withPrizesMessages(import('./pages/Vote')) },
  { name: 'verifyEmail', pattern: 'verify-email', load: () => withPrizesMessages(import('./pages/VerifyEmail')) },
];

export interface Match {
  route: Route | null;
  params: Record<string, string>;
}

/** Matches the part of a path after the language (`entries/12` → entry, {id: 12}). */
export function match(rest: string): Match {
  const segments = rest.split('/').filter(Boolean);
  for (const route of routes) {
    const parts = route.pattern.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    parts.forEach((part, i) => {
      if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(segments[i]);
      else if (part !== segments[i]) ok = false;
    });
    if (ok) return { route, params };
  }
  return { route: null, params: {} };
}

/** `/ar/search?q=x` → `search?q=x`: the path without its language, to switch languages. */
export function withoutLang(pathname: string): string {
  return pathname.split('/').slice(2).join('/');
}

const listeners = new Set<() => void>();
function notify() {
  listeners.forEach((l) => l());
}
if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

export function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  notify();
  if (!replace) window.scrollTo(0, 0);
}

export function useLocation(): { pathname: string; search: string } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return { pathname: location.pathname, search: location.search };
}

/** Same-origin left clicks on <a> go through the router instead of reloading the page. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    const anchor = (event.target as Element).closest('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}
