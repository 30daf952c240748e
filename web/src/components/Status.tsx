import { useApp } from '../context';
import { ApiError } from '../api/client';

/** What a failed load tells the reader, in their language. */
export function LoadError({ error }: { error: unknown }) {
  const { t } = useApp();
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <p class="notice error" role="alert">
      {notFound ? t('error.notFound') : t('error.load')}
    </p>
  );
}

export function Loading() {
  const { t } = useApp();
  return <p aria-busy="true">{t('common.loading')}</p>;
}

export function StateBadge({ state, pending }: { state: string; pending?: string | null }) {
  const { t } = useApp();
  return (
    <span class="status" data-state={state}>
      {t(`state.${state}`)}
      {pending ? ` · ${t(`pending.${pending}`)}` : ''}
    </span>
  );
}
