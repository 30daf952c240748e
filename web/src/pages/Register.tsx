import { useApp, useTitle } from '../context';
import type { PageProps } from '../router';
import { AuthForm } from './Login';

export default function Register({ query }: PageProps) {
  const { t } = useApp();
  useTitle(t('register.title'));
  return (
    <>
      <h1 tabIndex={-1}>{t('register.title')}</h1>
      <AuthForm register next={query.get('next')} />
    </>
  );
}
