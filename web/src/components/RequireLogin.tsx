import type { ComponentChildren } from 'preact';
import { useApp } from '../context';
import { Loading } from './Status';

/** Shows its children to a logged-in reader, else a link to log in that comes back here. */
export function RequireLogin({ children, title }: { children: ComponentChildren; title: string }) {
  const { t, href, session, sessionLoaded } = useApp();
  if (!sessionLoaded) return <Loading />;
  if (!session)
    return (
      <>
        <h1 tabIndex={-1}>{title}</h1>
        <p class="notice">
          <a href={href(`login?next=${encodeURIComponent(location.pathname + location.search)}`)}>
            {t('submit.needLogin')}
          </a>
        </p>
      </>
    );
  return <>{children}</>;
}
