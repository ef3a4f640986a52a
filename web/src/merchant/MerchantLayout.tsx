import { useTranslation } from 'react-i18next';
import { ConsoleShell } from '../components/Shell.tsx';

export function MerchantLayout() {
  const { t } = useTranslation();
  return (
    <ConsoleShell
      area={t('merchant.area')}
      home="/merchant"
      nav={[
        { to: '/merchant', label: t('merchant.nav.stores'), end: true },
        { to: '/merchant/apply', label: t('merchant.nav.apply') },
        { to: '/minisites', label: t('miniSites.nav') },
      ]}
    />
  );
}
