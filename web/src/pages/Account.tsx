import { useState } from 'preact/hooks';
import { useApp, useTitle } from '../context';
import { useAsync } from '../hooks';
import { ApiError, get, send } from '../api/client';
import type { ApiToken } from '../api/types';
import { FormAlert, TextField, fieldErrors } from '../components/Form';
import { RequireLogin } from '../components/RequireLogin';

export default function Account() {
  const { t } = useApp();
  useTitle(t('account.title'));
  return (
    <RequireLogin title={t('account.title')}>
      <AccountBody />
    </RequireLogin>
  );
}

function AccountBody() {
  const { t, tr, session } = useApp();
  const tokens = useAsync((signal) => get<{ items: ApiToken[] }>('/api/v1/tokens', signal), []);
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState('');
  const [created, setCreated] = useState<ApiToken | null>(null);

  async function create(event: Event) {
    event.preventDefault();
    const e: Record<string, string> = {};
    if (!name.trim()) e.name = t('validate.required');
    if (days && !(Number(days) >= 1 && Number(days) <= 3650)) e.expires_in_days = t('validate.range', { min: 1, max: 3650 });
    setErrors(e);
    if (Object.keys(e).length) {
      document.getElementById(Object.keys(e)[0] === 'name' ? 'token-name' : 'token-days')?.focus();
      return;
    }
    try {
      const token = await send<ApiToken>('POST', '/api/v1/tokens',
        days ? { name: name.trim(), expires_in_days: Number(days) } : { name: name.trim() });
      setCreated(token);
      setName('');
      setDays('');
      setAlert('');
      tokens.reload();
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors(fieldErrors(error.errors));
        setAlert(error.detail);
      } else setAlert(t('error.load'));
    }
  }

  async function revoke(id: number) {
    await send('DELETE', `/api/v1/tokens/${id}`);
    if (created?.id === id) setCreated(null);
    tokens.reload();
  }

  return (
    <>
      <h1 tabIndex={-1}>{t('account.title')}</h1>
      <p>{t('account.signedInAs', { name: session!.user.display_name, email: session!.user.email })}</p>
      <h2>{t('account.tokens')}</h2>
      <p>{t('account.tokensIntro')}</p>
      {created?.token && (
        <div class="notice ok" role="status">
          <p>{t('account.created')}</p>
          <p class="token" data-token>{created.token}</p>
        </div>
      )}
      {tokens.data && (tokens.data.items.length === 0 ? <p>{t('account.noTokens')}</p> : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('field.name')}</th><th scope="col">{t('account.createdAt')}</th>
              <th scope="col">{t('account.expiresAt')}</th><th scope="col">{t('account.lastUsed')}</th>
              <th scope="col"><span class="visually-hidden">{t('account.revoke')}</span></th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.items.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td><td>{tr.date(token.created_at)}</td>
                <td>{token.expires_at ? tr.date(token.expires_at) : t('account.never')}</td>
                <td>{token.last_used_at ? tr.date(token.last_used_at) : t('account.never')}</td>
                <td><button type="button" class="secondary" onClick={() => revoke(token.id)}
                  aria-label={`${t('account.revoke')}: ${token.name}`}>{t('account.revoke')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <form onSubmit={create} noValidate>
        <h3>{t('account.create')}</h3>
        <FormAlert message={alert} />
        <TextField id="token-name" label={t('account.tokenName')} value={name} onInput={setName} error={errors.name}
          maxLength={100} required />
        <TextField id="token-days" label={t('field.expires_in_days')} type="number" value={days} onInput={setDays}
          error={errors.expires_in_days} hint={t('account.expiresHint')} />
        <button type="submit">{t('account.create')}</button>
      </form>
    </>
  );
}
