// The buyer's storefront frame, designed for a phone: brand, language, account; a bottom tab bar.
import { Suspense } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { homeFor } from '../auth/next.ts';
import { useSession } from '../auth/session.tsx';
import { LanguageSwitcher } from '../components/LanguageSwitcher.tsx';
import { Logo, SkipLink } from '../components/Shell.tsx';
import { CurrencySwitcher } from './CurrencySwitcher.tsx';
import { Loading } from '../components/States.tsx';
import { cartCount, useCart } from '../lib/orders.ts';
import { useUnread } from '../lib/inbox.ts';

/** The inbox in the header, with its unread count (live while the inbox is open, read again now and then elsewhere). */
function InboxLink() {
  const { t } = useTranslation();
  const count = useUnread(true).data?.count ?? 0;
  return (
    <Link to="/inbox" className="cart-link" aria-label={count ? t('service.inbox.linkCount', { count }) : t('service.inbox.title')}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" strokeWidth="1.8">
        <rect x="3" y="5" width="18" height="14" rx="2" />
        <path d="M3 7l9 6 9-6" />
      </svg>
      {count > 0 && (
        <span className="cart-link__count" aria-hidden="true" data-testid="inbox-unread">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </Link>
  );
}

/** The cart in the header, with how many items it holds (for buyers and for visitors, who are asked to sign in). */
function CartLink() {
  const { t } = useTranslation();
  const count = cartCount(useCart().data);
  return (
    <Link to="/cart" className="cart-link" aria-label={count ? t('orders.cart.linkCount', { count }) : t('orders.cart.title')}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" strokeWidth="1.8">
        <path d="M3 4h2l2.2 10.4a1 1 0 0 0 1 .8h8.9a1 1 0 0 0 1-.8L20 8H6.2" />
        <circle cx="9" cy="19" r="1.5" />
        <circle cx="17" cy="19" r="1.5" />
      </svg>
      {count > 0 && (
        <span className="cart-link__count" aria-hidden="true" data-testid="cart-count">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </Link>
  );
}

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
          {(!user || user.role === 'buyer') && <CurrencySwitcher />}
          {user?.role === 'buyer' && <InboxLink />}
          {(!user || user.role === 'buyer') && <CartLink />}
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
        <NavLink to="/orders" className="shop__tab">
          <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="1.8">
            <rect x="5" y="3" width="14" height="18" rx="2" />
            <path d="M9 8h6M9 12h6M9 16h4" />
          </svg>
          {t('orders.list.tab')}
        </NavLink>
        <NavLink to="/gifts" className="shop__tab">
          <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="1.8">
            <rect x="3" y="8" width="18" height="4" rx="1" />
            <path d="M5 12v8a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-8M12 8v13M12 8s-1.5-5-4.5-5a2.5 2.5 0 0 0 0 5M12 8s1.5-5 4.5-5a2.5 2.5 0 0 1 0 5" />
          </svg>
          {t('gifts.mine.tab')}
        </NavLink>
        <NavLink to="/coupons" className="shop__tab">
          <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="1.8">
            <path d="M3 7h18v3a2 2 0 0 0 0 4v3H3v-3a2 2 0 0 0 0-4z" />
            <path d="M14 7v10" strokeDasharray="2 2" />
          </svg>
          {t('coupons.mine.tab')}
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
