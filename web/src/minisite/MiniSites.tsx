// The mini-site console's first page: the mini-sites I own, with how many stores are linked and what waits for me.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { EmptyState, QueryBoundary } from '../components/States.tsx';
import { useMiniSites } from './queries.ts';

export function MiniSites() {
  const { t } = useTranslation();
  const query = useMiniSites();
  const create = (
    <Link to="/minisites/new" className="btn btn--primary">
      {t('miniSites.create')}
    </Link>
  );
  return (
    <>
      <PageHeader title={t('miniSites.title')} subtitle={t('miniSites.intro')} actions={create} />
      <QueryBoundary query={query}>
        {(sites) =>
          sites.length === 0 ? (
            <EmptyState title={t('miniSites.empty')} action={create}>
              {t('miniSites.emptyText')}
            </EmptyState>
          ) : (
            <div className="table-wrap card">
              <table className="table table--stack">
                <thead>
                  <tr>
                    <th scope="col">{t('miniSites.field.name')}</th>
                    <th scope="col">{t('miniSites.field.appId')}</th>
                    <th scope="col">{t('miniSites.list.linked')}</th>
                    <th scope="col">{t('miniSites.list.pending')}</th>
                  </tr>
                </thead>
                <tbody>
                  {sites.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        <Link to={`/minisites/${s.id}`}>{s.name}</Link>
                        <div className="muted small">/m/{s.slug}</div>
                      </th>
                      <td data-label={t('miniSites.field.appId')}>
                        <code>{s.appId}</code>
                      </td>
                      <td data-label={t('miniSites.list.linked')}>{s.linkedStores}</td>
                      <td data-label={t('miniSites.list.pending')}>
                        {s.pendingInvitations > 0 ? (
                          <Link to={`/minisites/${s.id}/links`} className="badge badge--warning">
                            {s.pendingInvitations}
                          </Link>
                        ) : (
                          0
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryBoundary>
    </>
  );
}
