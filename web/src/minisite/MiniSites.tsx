// The mini-site console's first page: the mini-sites I own, with how many stores are linked and what waits for me.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/Shell.tsx';
import { EmptyState, QueryBoundary } from '../components/States.tsx';
import { DataTable, type Column } from '../components/DataTable.tsx';
import { useMiniSites, type MiniSiteListItem } from './queries.ts';

export function MiniSites() {
  const { t } = useTranslation();
  const query = useMiniSites();
  const create = (
    <Link to="/minisites/new" className="btn btn--primary">
      {t('miniSites.create')}
    </Link>
  );
  const columns: Column<MiniSiteListItem>[] = [
    {
      header: t('miniSites.field.name'),
      rowHeader: true,
      cell: (s) => (
        <>
          <Link to={`/minisites/${s.id}`}>{s.name}</Link>
          <div className="muted small">/m/{s.slug}</div>
        </>
      ),
    },
    { header: t('miniSites.field.appId'), cell: (s) => <code>{s.appId}</code> },
    { header: t('miniSites.list.linked'), cell: (s) => s.linkedStores },
    {
      header: t('miniSites.list.pending'),
      cell: (s) =>
        s.pendingInvitations > 0 ? (
          <Link to={`/minisites/${s.id}/links`} className="badge badge--warning">
            {s.pendingInvitations}
          </Link>
        ) : (
          0
        ),
    },
  ];
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
            <DataTable rows={sites} rowKey={(s) => s.id} columns={columns} inCard />
          )
        }
      </QueryBoundary>
    </>
  );
}
