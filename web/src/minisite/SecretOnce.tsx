// The app secret right after it is made (creation or rotation): shown this once, with a copy button and a plain warning.
import { useTranslation } from 'react-i18next';
import { CopyLink } from '../components/CopyLink.tsx';

export function SecretOnce({ secret, appId, onDone }: { secret: string; appId: string; onDone?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="secret" role="status" data-testid="secret-once">
      <p className="secret__title">{t('miniSites.secret.title')}</p>
      <p className="alert alert--warning small">{t('miniSites.secret.once')}</p>
      <p className="small">
        {t('miniSites.field.appId')}: <code data-testid="app-id">{appId}</code>
      </p>
      <CopyLink url={secret} label={t('miniSites.secret.label')} copyLabel={t('miniSites.secret.copy')} />
      {onDone && (
        <button type="button" className="btn btn--ghost btn--sm" onClick={onDone}>
          {t('miniSites.secret.done')}
        </button>
      )}
    </div>
  );
}
