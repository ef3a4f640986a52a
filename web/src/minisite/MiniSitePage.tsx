// One mini-site: its name and app id, then tabs. A layout: each tab is a child route rendered in the <Outlet />, which
// gets the mini-site as context (useMiniSiteContext). To add a tab, add an entry to MINI_SITE_TABS and a child route
// in App.tsx's mini-site block.
import { Suspense } from 'react';
import { NavLink, Outlet, useOutletContext, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { useMiniSite, type MiniSite } from './queries.ts';

/** The tabs: path under /minisites/:miniSiteId ('' is the index) and the translation key of the label. */
export const MINI_SITE_TABS: { path: string; label: string }[] = [
  { path: '', label: 'miniSites.tabs.settings' },
  { path: 'links', label: 'miniSites.tabs.links' },
  { path: 'sections', label: 'miniSites.tabs.sections' },
  { path: 'notices', label: 'miniSites.tabs.notices' },
];

export function useMiniSiteContext() {
  return useOutletContext<{ miniSite: MiniSite }>();
}

export function MiniSitePage() {
  const { miniSiteId = '' } = useParams();
  const { t } = useTranslation();
  const query = useMiniSite(miniSiteId);
  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const miniSite = query.data;
  const base = `/minisites/${miniSite.id}`;
  return (
    <>
      <PageHeader
        back={{ to: '/minisites', label: t('miniSites.title') }}
        title={miniSite.name}
        subtitle={
          <>
            {t('miniSites.field.appId')}: <code data-testid="app-id">{miniSite.appId}</code> · /m/{miniSite.slug}
          </>
        }
      />
      <nav className="tabs" aria-label={t('miniSites.tabs.label')}>
        {MINI_SITE_TABS.map((tab) => (
          <NavLink key={tab.path} to={tab.path ? `${base}/${tab.path}` : base} end={!tab.path} className="tabs__link">
            {t(tab.label)}
          </NavLink>
        ))}
      </nav>
      <Suspense fallback={<Loading />}>
        <Outlet context={{ miniSite }} />
      </Suspense>
    </>
  );
}
