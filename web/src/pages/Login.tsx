import { useState } from 'preact/hooks';
import { useApp, useTitle } from '../context';
import { navigate, type PageProps } from '../router';
import { ApiError, send, setCsrfToken } from '../api/client';
import type { Session } from '../api/types';
import { FormAlert, TextField, fieldErrors } from '../components/Form';

/** Login and registration share this page body; `register` adds the name field. */
export function AuthForm({ register, next }: { register: boolean; next: string | null }) {
  const { t, lang, href, setSession } = useApp();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  // Errors are checked as the reader types, shown for the fields already tried (blurred, or
  // all after a submit attempt); the server's per-field errors stay until that field changes.
  const [shown, setShown] = useState<Set<string>>(new Set());
  const [server, setServer] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState('');
  const [busy, setBusy] = useState(false);

  function local(): Record<string, string> {
    const e: Record<string, string> = {};
    if (!email.trim()) e.email = t('validate.required');
    else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) e.email = t('validate.email');
    if (!password) e.password = t('validate.required');
    else if (register && [...password].length < 10) e.password = t('validate.tooShort', { min: 10 });
    if (register && !name.trim()) e.display_name = t('validate.required');
    return e;
  }

  async function submit(event: Event) {
    event.preventDefault();
    const e = local();
    setShown(new Set(['email', 'password', 'display_name']));
    if (Object.keys(e).length) {
      setAlert(t('submit.fixErrors', { count: Object.keys(e).length }));
      document.getElementById(Object.keys(e)[0])?.focus();
      return;
    }
    setBusy(true);
    setAlert('');
    try {
      setCsrfToken(null);
      const session = await send<Session>('POST', register ? '/api/v1/auth/register' : '/api/v1/auth/login',
        register ? { email: email.trim(), password, display_name: name.trim(), language: lang }
          : { email: email.trim(), password });
      setSession(session);
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next
        : href(register ? 'organisation' : 'my-entries'));
    } catch (error) {
      if (error instanceof ApiError) {
        setServer(fieldErrors(error.errors));
        setAlert(error.detail || t('error.load'));
      } else setAlert(t('error.load'));
    } finally {
      setBusy(false);
    }
  }

  const current = local();
  const errors: Record<string, string | undefined> = {};
  for (const field of ['email', 'password', 'display_name'])
    errors[field] = server[field] || (shown.has(field) ? current[field] : undefined);
  const recheck = (field: string) => () => setShown((s) => new Set(s).add(field));
  const typed = (field: string, set: (v: string) => void) => (v: string) => {
    set(v);
    if (server[field]) setServer({ ...server, [field]: '' });
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormAlert message={alert} />
      {register && <TextField id="display_name" label={t('field.display_name')} value={name} onInput={typed('display_name', setName)}
        error={errors.display_name} maxLength={100} autocomplete="name" required onBlur={recheck('display_name')} />}
      <TextField id="email" label={t('field.email')} type="email" value={email} onInput={typed('email', setEmail)} error={errors.email}
        maxLength={254} autocomplete={register ? 'email' : 'username'} required onBlur={recheck('email')} />
      <TextField id="password" label={t('field.password')} type="password" value={password} onInput={typed('password', setPassword)}
        error={errors.password} hint={register ? t('register.passwordHint') : undefined} maxLength={256}
        autocomplete={register ? 'new-password' : 'current-password'} required onBlur={recheck('password')} />
      <div class="actions">
        <button type="submit" disabled={busy}>{t(register ? 'register.submit' : 'login.submit')}</button>
      </div>
      <p>
        <a href={href(register ? 'login' : 'register')}>{t(register ? 'register.haveAccount' : 'login.noAccount')}</a>
      </p>
    </form>
  );
}

export default function Login({ query }: PageProps) {
  const { t } = useApp();
  useTitle(t('login.title'));
  return (
    <>
      <h1 tabIndex={-1}>{t('login.title')}</h1>
      <AuthForm register={false} next={query.get('next')} />
    </>
  );
}
