// The link of the verification email (/verify-email?token=..., given a language on arrival):
// confirms the address, refreshes the session so that the voting page knows, and leads back.
import { useEffect, useState } from 'preact/hooks';
import { useApp, useTitle } from '../context';
import { ApiError, get, send } from '../api/client';
import type { Session } from '../api/types';
import type { PageProps } from '../router';

export default function VerifyEmail({ query }: PageProps) {
  const { t, href, setSession, sessionLoaded } = useApp();
  useTitle(t('prizes.verify.title'));
  const token = query.get('token') ?? '';
  const [state, setState] = useState<'busy' | 'ok' | 'failed'>('busy');
  const [detail, setDetail] = useState('');
  useEffect(() => {
    // After the session is known: a logged-in browser's request must carry its CSRF token.
    if (!sessionLoaded) return;
    send('POST', '/api/v1/prizes/email-verification/confirm', { token })
      .then(() => get<Session>('/api/v1/auth/session').then(setSession, () => undefined))
      .then(() => setState('ok'), (error) => {
        setDetail(error instanceof ApiError ? error.detail : t('error.load'));
        setState('failed');
      });
  }, [token, sessionLoaded]);
  return (
    <>
      <h1 tabIndex={-1}>{t('prizes.verify.title')}</h1>
      {state === 'busy' ? <p aria-busy="true">{t('common.loading')}</p> : (
        <p role={state === 'ok' ? 'status' : 'alert'} class={`notice ${state === 'ok' ? 'ok' : 'error'}`} data-verified={state}>
          {state === 'ok' ? t('prizes.verify.done') : `${t('prizes.verify.failed')} ${detail}`}
        </p>
      )}
      <p><a href={href('prizes')}>{t('prizes.title')}</a></p>
    </>
  );
}
