// The frame of every signed-in console: brand, sections, language, account.
import { Suspense, useEffect, useRef, type ReactNode } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { Loading } from './States.tsx';

export type NavItem = { to: string; label: string; end?: boolean; badge?: number };

export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <circle cx="10" cy="12" r="3" fill="#fff" />
      <circle cx="22" cy="12" r="3" fill="#fff" opacity=".8" />
      <circle cx="16" cy="21" r="3" fill="#fff" opacity=".6" />
    </svg>
  );
}

export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a href="#main" className="skip-link">
      {t('common.skipToContent')}
    </a>
  );
}

export function AccountMenu() {
  const { user, signOut } = useSession();
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (!user) return null;
  return (
    <div className="account">
      <span className="account__name" title={user.email}>
        {user.displayName}
      </span>
      <button
        type="button"
        className="btn btn--ghost btn--sm"
        onClick={() => {
          // Leave the protected page first, so it does not bounce to sign-in with a "next" address.
          navigate('/signin');
          void signOut();
        }}
      >
        {t('auth.signOut')}
      </button>
    </div>
  );
}

export function ConsoleShell({ area, home, nav, children }: { area: string; home: string; nav: NavItem[]; children?: ReactNode }) {
  const { t } = useTranslation();
  const navRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  // On a narrow screen the section bar scrolls: keep the current section in view.
  useEffect(() => {
    navRef.current?.querySelector('.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);
  return (
    <div className="shell">
      <SkipLink />
      <header className="topbar">
        <div className="topbar__row">
          <Link to={home} className="brand">
            <Logo />
            <span className="brand__name">Trio</span>
            <span className="brand__area">{area}</span>
          </Link>
          <div className="topbar__end">
            <LanguageSwitcher compact />
            <AccountMenu />
          </div>
        </div>
        <nav ref={navRef} className="topnav" aria-label={t('common.sections')}>
          {nav.map((n) => (
            <NavLink key={n.to} to={n.to} end={n.end} className="topnav__link">
              {n.label}
              {!!n.badge && <span className="topnav__badge">{n.badge}</span>}
            </NavLink>
          ))}
        </nav>
      </header>
      <main id="main" className="container" tabIndex={-1}>
        {children ?? (
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        )}
      </main>
    </div>
  );
}

export function PageHeader({ title, subtitle, actions, back }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode; back?: { to: string; label: string } }) {
  return (
    <div className="page-header">
      <div>
        {back && (
          <Link to={back.to} className="back-link">
            ← {back.label}
          </Link>
        )}
        <h1>{title}</h1>
        {subtitle && <p className="page-header__subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </div>
  );
}
