// The buyer's storefront frame, designed for a phone: brand, language, account; a bottom tab bar.
import { Suspense } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { homeFor, useSession } from '../auth/session.tsx';
import { LanguageSwitcher } from '../components/LanguageSwitcher.tsx';
import { Logo, SkipLink } from '../components/Shell.tsx';
import { Loading } from '../components/States.tsx';

export function StorefrontLayout() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <div className="shop">
      <SkipLink />
      <header className="shop__bar">
        <Link to="/" className="brand">
          <Logo />
          <span className="brand__name">Trio</span>
        </Link>
        <div className="shop__bar-end">
          <LanguageSwitcher compact />
          {!user && (
            <Link to="/signin" className="btn btn--sm btn--primary">
              {t('auth.signIn')}
            </Link>
          )}
          {user && user.role !== 'buyer' && (
            <Link to={homeFor(user.role)} className="btn btn--sm">
              {t('shop.toConsole')}
            </Link>
          )}
        </div>
      </header>
      <main id="main" className="shop__main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <nav className="shop__tabs" aria-label={t('common.sections')}>
        <NavLink to="/" end className="shop__tab">
          <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="1.8">
            <path d="M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z" />
          </svg>
          {t('shop.tabs.home')}
        </NavLink>
        <NavLink to={user?.role === 'buyer' ? '/profile' : '/signin'} className="shop__tab">
          <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="1.8">
            <circle cx="12" cy="8" r="4" />
            <path d="M4 21c1.5-4 4.5-6 8-6s6.5 2 8 6" />
          </svg>
          {t('shop.tabs.me')}
        </NavLink>
      </nav>
    </div>
  );
}
