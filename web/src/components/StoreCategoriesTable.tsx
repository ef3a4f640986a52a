import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';
import type { Store } from '../lib/types.ts';
import { ApplicationStatusBadge, PolicyBadge } from './Badge.tsx';
import { DataTable, type Column } from './DataTable.tsx';
import { EmptyState } from './States.tsx';

type App = Store['applications'][number];

/** The store's category applications with their review state and reasons. */
export function StoreCategoriesTable({ store, action, emptyAction }: { store: Store; action?: (a: App) => ReactNode; emptyAction?: ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (store.applications.length === 0) {
    return (
      <EmptyState title={t('store.categories.empty')} action={emptyAction}>
        {t('store.categories.emptyText')}
      </EmptyState>
    );
  }
  const required = new Map(store.deposit.byCategory.map((c) => [c.categoryId, c]));
  const columns: Column<App>[] = [
    {
      header: t('store.categories.category'),
      rowHeader: true,
      cell: (a) => (
        <>
          <span className="sub sub--before">{a.category.path.map((p) => f.name(p)).join(' › ')}</span>
          {f.name(a.category.names)}
          {a.reason && (
            <span className="reason">
              {t('common.reason')}: {a.reason}
            </span>
          )}
        </>
      ),
    },
    { header: t('store.categories.policy'), cell: (a) => <PolicyBadge policy={a.category.policy} /> },
    { header: t('store.categories.review'), cell: (a) => <ApplicationStatusBadge status={a.status} /> },
    {
      header: t('store.categories.deposit'),
      num: true,
      cell: (a) => {
        const dep = required.get(a.categoryId);
        return dep ? f.money(dep.required, store.currency) : <span className="muted">—</span>;
      },
    },
    { header: t('store.categories.date'), cell: (a) => f.date(a.decidedAt ?? a.createdAt) },
    ...(action ? [{ header: t('common.actions'), actions: true, cell: action }] : []),
  ];
  return <DataTable rows={store.applications} rowKey={(a) => a.id} columns={columns} />;
}
