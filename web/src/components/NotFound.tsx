import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { homeFor } from '../auth/next.ts';
import { useSession } from '../auth/session.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { EmptyState } from './States.tsx';

export function NotFound() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <main id="main" className="auth-page">
      <div className="auth-page__lang">
        <LanguageSwitcher />
      </div>
      <div className="card auth-card">
        <EmptyState
          icon="?"
          title={t('notFound.title')}
          action={
            <Link className="btn btn--primary" to={user ? homeFor(user.role) : '/'}>
              {t('notFound.home')}
            </Link>
          }
        >
          {t('notFound.text')}
        </EmptyState>
      </div>
    </main>
  );
}
