import { useState } from 'preact/hooks';
import { useApp, useTitle } from '../context';
import type { PageProps } from '../router';
import { useAsync } from '../hooks';
import { ApiError, get, send } from '../api/client';
import type { EntrySummary, Member, Organisation, Session } from '../api/types';
import { useLabels } from '../labels';
import { FormAlert, SelectField, TextField, fieldErrors } from '../components/Form';
import { EntryList } from '../components/EntryList';
import { LoadError, Loading } from '../components/Status';
import { RequireLogin } from '../components/RequireLogin';

export default function OrganisationPage({ params }: PageProps) {
  const { t, session } = useApp();
  useTitle(t('org.title'));
  if (params.id) return <OrganisationView id={Number(params.id)} />;
  return (
    <RequireLogin title={t('org.title')}>
      {session?.user.organisation_id ? <OrganisationView id={session.user.organisation_id} /> : <CreateOrganisation />}
    </RequireLogin>
  );
}

function OrganisationView({ id }: { id: number }) {
  const { t, lang, href, session } = useApp();
  const mayManage = !!session && (session.user.roles.includes('administrator') ||
    (session.user.organisation_id === id && session.user.roles.includes('focal_point')));
  const org = useAsync((signal) => get<Organisation>(`/api/v1/organisations/${id}`, signal), [id]);
  // Members (with emails) are shown to the organisation's focal points, moderators and
  // administrators; for anyone else the API answers 401/403 and the list is left out.
  const members = useAsync((signal) => get<{ items: Member[] }>(`/api/v1/organisations/${id}/members`, signal)
    .catch(() => null), [id]);
  const entries = useAsync((signal) => get<{ items: EntrySummary[] }>(
    `/api/v1/entries?organisation=${id}&limit=20&lang=${lang}`, signal), [id, lang]);
  const labels = useLabels(lang);
  if (org.error) return (<><h1 tabIndex={-1}>{t('org.title')}</h1><LoadError error={org.error} /></>);
  if (!org.data || !labels.data) return <Loading />;
  const o = org.data;
  return (
    <>
      <h1 tabIndex={-1}>{o.name}</h1>
      <dl class="facts">
        <dt>{t('field.stakeholder_type')}</dt><dd>{labels.data.stakeholders.get(o.stakeholder_type) ?? o.stakeholder_type}</dd>
        <dt>{t('field.country')}</dt><dd>{labels.data.countries.get(o.country) ?? o.country}</dd>
        {o.website && <><dt>{t('field.website')}</dt><dd><a href={o.website} rel="noopener noreferrer">{o.website}</a></dd></>}
      </dl>
      {members.data && (
        <section aria-labelledby="h-members">
          <h2 id="h-members">{t('org.members')}</h2>
          <ul>
            {members.data.items.map((m) => (
              <li key={m.user_id}>{m.display_name}{m.email ? ` (${m.email})` : ''}{m.focal_point ? ` · ${t('org.focal')}` : ''}</li>
            ))}
          </ul>
          {mayManage && <p><a href={href(`organisations/${id}/members`)} id="manage-members">{t('members.manage')}</a></p>}
        </section>
      )}
      <section aria-labelledby="h-org-entries">
        <h2 id="h-org-entries">{t('org.entries')}</h2>
        {entries.data && <EntryList items={entries.data.items} labels={labels.data} headingLevel={3} />}
        <p><a href={href(`search?organisation=${id}`)}>{t('home.browseAll')}</a></p>
      </section>
    </>
  );
}

function CreateOrganisation() {
  const { t, lang, setSession } = useApp();
  const labels = useLabels(lang);
  const [name, setName] = useState('');
  const [type, setType] = useState('');
  const [country, setCountry] = useState('');
  const [website, setWebsite] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState('');

  async function submit(event: Event) {
    event.preventDefault();
    const e: Record<string, string> = {};
    if ([...name.trim()].length < 2) e.name = t('validate.tooShort', { min: 2 });
    if (!type) e.stakeholder_type = t('validate.required');
    if (!country) e.country = t('validate.required');
    if (website && !/^https?:\/\/\S+$/i.test(website.trim())) e.website = t('validate.url');
    setErrors(e);
    if (Object.keys(e).length) {
      setAlert(t('submit.fixErrors', { count: Object.keys(e).length }));
      document.getElementById(`org-${Object.keys(e)[0]}`)?.focus();
      return;
    }
    try {
      await send('POST', '/api/v1/organisations', website.trim()
        ? { name: name.trim(), stakeholder_type: type, country, website: website.trim() }
        : { name: name.trim(), stakeholder_type: type, country });
      setSession(await get<Session>('/api/v1/auth/session'));
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors(fieldErrors(error.errors));
        setAlert(error.detail);
      } else setAlert(t('error.load'));
    }
  }

  if (!labels.data) return <Loading />;
  return (
    <>
      <h1 tabIndex={-1}>{t('org.title')}</h1>
      <p>{t('org.none')}</p>
      <form onSubmit={submit} noValidate>
        <FormAlert message={alert} />
        <TextField id="org-name" label={t('field.name')} value={name} onInput={setName} error={errors.name}
          maxLength={200} required />
        <SelectField id="org-stakeholder_type" label={t('field.stakeholder_type')} value={type} onChange={setType}
          error={errors.stakeholder_type} required
          options={[...labels.data.stakeholders].map(([value, label]) => ({ value, label }))} />
        <SelectField id="org-country" label={t('field.country')} value={country} onChange={setCountry}
          error={errors.country} required
          options={[...labels.data.countries].map(([value, label]) => ({ value, label }))
            .sort((a, b) => a.label.localeCompare(b.label, lang))} />
        <TextField id="org-website" label={t('field.website')} type="url" value={website} onInput={setWebsite}
          error={errors.website} maxLength={500} />
        <button type="submit">{t('org.create')}</button>
      </form>
    </>
  );
}
