import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../components/LanguageSwitcher.tsx';
import { Logo, SkipLink } from '../components/Shell.tsx';

/** Sign-in and registration: a welcome panel and a form card, the language switcher on top. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="auth">
      <SkipLink />
      <aside className="auth__panel">
        <Link to="/" className="brand brand--light">
          <Logo />
          <span className="brand__name">Trio</span>
        </Link>
        <div className="auth__pitch">
          <p className="auth__headline">{t('auth.pitch.headline')}</p>
          <ul className="auth__points">
            <li>{t('auth.pitch.store')}</li>
            <li>{t('auth.pitch.miniSite')}</li>
            <li>{t('auth.pitch.serviceAccount')}</li>
          </ul>
        </div>
      </aside>
      <main id="main" className="auth__main" tabIndex={-1}>
        <div className="auth__top">
          <Link to="/" className="brand auth__brand-small">
            <Logo />
            <span className="brand__name">Trio</span>
          </Link>
          <LanguageSwitcher />
        </div>
        <div className="auth__card card">
          <h1>{title}</h1>
          {children}
        </div>
      </main>
    </div>
  );
}
