// An organisation's members, managed by its focal points (and administrators): the list with
// each member's role, adding a registered user by email (optionally as focal point), making a
// member focal point or taking it back, removing a member or leaving. Moderators see the list
// only; anyone else gets the API's refusal, said in words. The server checks every action
// (src/accounts/organisations.cpp); the page only hides the buttons it would refuse.
import { useEffect, useState } from 'preact/hooks';
import { useApp, useTitle } from '../context';
import type { PageProps } from '../router';
import { useAsync } from '../hooks';
import { ApiError, get, send } from '../api/client';
import type { Member, Organisation, Session } from '../api/types';
import { FormAlert, TextField, fieldErrors } from '../components/Form';
import { LoadError, Loading } from '../components/Status';
import { RequireLogin } from '../components/RequireLogin';

export default function MembersPage({ params }: PageProps) {
  const { t } = useApp();
  useTitle(t('members.title'));
  return (
    <RequireLogin title={t('members.title')}>
      <Members id={Number(params.id)} />
    </RequireLogin>
  );
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function Members({ id }: { id: number }) {
  const { t, session, setSession, href } = useApp();
  const org = useAsync((signal) => get<Organisation>(`/api/v1/organisations/${id}`, signal), [id]);
  const members = useAsync((signal) => get<{ items: Member[] }>(`/api/v1/organisations/${id}/members`, signal), [id]);
  const [status, setStatus] = useState('');
  const [alert, setAlert] = useState('');
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (confirming !== null) document.getElementById(`confirm-remove-${confirming}`)?.focus();
  }, [confirming]);

  const user = session!.user;
  const mayManage = user.roles.includes('administrator') ||
    (user.organisation_id === id && user.roles.includes('focal_point'));

  // Runs one change; afterwards the list (and, when it concerned the reader, the session's
  // roles) are read again, so that the page never shows what the server no longer holds.
  async function change(action: () => Promise<unknown>, done: string, self: boolean): Promise<boolean> {
    setBusy(true);
    setAlert('');
    setStatus('');
    try {
      await action();
      setStatus(done);
      return true;
    } catch (error) {
      setAlert(error instanceof ApiError ? error.detail || t('error.load') : t('error.load'));
      return false;
    } finally {
      setBusy(false);
      setConfirming(null);
      if (self) setSession(await get<Session>('/api/v1/auth/session').catch(() => session));
      members.reload();
    }
  }

  const setFocal = (m: Member, focal: boolean) => change(
    () => send('PATCH', `/api/v1/organisations/${id}/members/${m.user_id}`, { focal_point: focal }),
    t(focal ? 'members.madeFocal' : 'members.tookBackFocal', { name: m.display_name }), m.user_id === user.id);
  const remove = (m: Member) => change(
    () => send('DELETE', `/api/v1/organisations/${id}/members/${m.user_id}`),
    t(m.user_id === user.id ? 'members.left' : 'members.removed', { name: m.display_name }), m.user_id === user.id);

  const name = org.data?.name ?? '';
  if (members.error) {
    const refused = members.error instanceof ApiError && members.error.status === 403;
    return (
      <>
        <h1 tabIndex={-1}>{t('members.title')}</h1>
        {refused ? <p class="notice" data-refused="true">{t('members.refused')}</p> : <LoadError error={members.error} />}
        <p><a href={href(`organisations/${id}`)}>{t('members.back')}</a></p>
      </>
    );
  }
  if (!members.data || !org.data) return <Loading />;
  const focalPoints = members.data.items.filter((m) => m.focal_point).length;
  return (
    <>
      <h1 tabIndex={-1}>{t('members.heading', { name })}</h1>
      <p><a href={href(`organisations/${id}`)}>{t('members.back')}</a></p>
      <p>{t(mayManage ? 'members.intro' : 'members.readOnly')}</p>
      <div role="status" aria-live="polite" class={status ? 'notice ok' : undefined} id="members-status">{status}</div>
      <div role="alert" class={alert ? 'notice error' : undefined} id="members-alert">{alert}</div>
      <table class="members">
        <caption>{t('members.count', { count: members.data.items.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('field.name')}</th>
            <th scope="col">{t('field.email')}</th>
            <th scope="col">{t('members.role')}</th>
            {mayManage && <th scope="col">{t('members.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {members.data.items.map((m) => {
            const self = m.user_id === user.id;
            // The server refuses taking the role from, or removing, the last focal point (409):
            // the buttons say so beforehand instead of failing.
            const lastFocal = m.focal_point && focalPoints <= 1;
            return (
              <tr key={m.user_id} data-user={m.user_id}>
                <th scope="row">{m.display_name}{self ? ` (${t('members.you')})` : ''}</th>
                <td dir="ltr">{m.email}</td>
                <td data-role={m.focal_point ? 'focal_point' : 'member'}>
                  {t(m.focal_point ? 'members.focalPoint' : 'members.member')}
                </td>
                {mayManage && (
                  <td class="member-actions">
                    {confirming === m.user_id ? (
                      <>
                        <button type="button" id={`confirm-remove-${m.user_id}`} class="danger" disabled={busy}
                          onClick={() => remove(m)}>
                          {t(self ? 'members.confirmLeave' : 'members.confirmRemove', { name: m.display_name })}
                        </button>{' '}
                        <button type="button" onClick={() => setConfirming(null)}>{t('members.cancel')}</button>
                      </>
                    ) : (
                      <>
                        <button type="button" disabled={busy || lastFocal}
                          aria-describedby={lastFocal ? 'members-last-focal' : undefined}
                          onClick={() => setFocal(m, !m.focal_point)}>
                          {t(!m.focal_point ? 'members.makeFocal' : self ? 'members.stepDown' : 'members.takeBackFocal',
                            { name: m.display_name })}
                        </button>{' '}
                        <button type="button" disabled={busy || lastFocal}
                          aria-describedby={lastFocal ? 'members-last-focal' : undefined}
                          onClick={() => setConfirming(m.user_id)}>
                          {t(self ? 'members.leave' : 'members.remove', { name: m.display_name })}
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {mayManage && focalPoints <= 1 && <p class="hint" id="members-last-focal">{t('members.lastFocal')}</p>}
      {mayManage && <AddMember id={id} onAdded={(m) => {
        setAlert('');
        setStatus(t('members.added', { name: m.display_name }));
        members.reload();
      }} />}
    </>
  );
}

function AddMember({ id, onAdded }: { id: number; onAdded(m: Member): void }) {
  const { t } = useApp();
  const [email, setEmail] = useState('');
  const [focal, setFocal] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState('');

  async function submit(event: Event) {
    event.preventDefault();
    const e: Record<string, string> = {};
    if (!email.trim()) e.email = t('validate.required');
    else if (!EMAIL.test(email.trim())) e.email = t('validate.email');
    setErrors(e);
    setAlert('');
    if (e.email) {
      document.getElementById('member-email')?.focus();
      return;
    }
    try {
      const added = await send<Member>('POST', `/api/v1/organisations/${id}/members`,
        { email: email.trim(), focal_point: focal });
      setEmail('');
      setFocal(false);
      onAdded(added);
    } catch (error) {
      if (error instanceof ApiError && error.errors.length) {
        setErrors(fieldErrors(error.errors));
        document.getElementById('member-email')?.focus();
      } else setAlert(error instanceof ApiError ? error.detail || t('error.load') : t('error.load'));
    }
  }

  return (
    <section aria-labelledby="h-add-member">
      <h2 id="h-add-member">{t('members.add')}</h2>
      <p>{t('members.addHint')}</p>
      <form onSubmit={submit} noValidate>
        <FormAlert message={alert} />
        <TextField id="member-email" label={t('field.email')} type="email" value={email} onInput={setEmail}
          error={errors.email} maxLength={254} autocomplete="off" required />
        <div class="field">
          <label>
            <input type="checkbox" id="member-focal" checked={focal}
              onChange={(e) => setFocal((e.target as HTMLInputElement).checked)} />
            {' '}{t('members.asFocal')}
          </label>
        </div>
        <button type="submit">{t('members.addButton')}</button>
      </form>
    </section>
  );
}
