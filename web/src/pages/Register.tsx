import { useApp, useTitle } from '../context';

export default function Register() {
  const { t } = useApp();
  useTitle(t('nav.home'));
  return <h1 tabIndex={-1}>{t('nav.home')}</h1>;
}
